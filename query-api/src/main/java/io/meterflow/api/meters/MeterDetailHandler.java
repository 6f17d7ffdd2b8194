package io.meterflow.api.meters;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.api.params.RequestParams;

/** GET /api/v1/meters/{meterId}: latest reading, rates, clock drift, error stats and active alerts. */
public final class MeterDetailHandler implements Handler {

    private final MeterDocuments documents;
    private final RequestParams params;

    public MeterDetailHandler(MeterDocuments documents, RequestParams params) {
        this.documents = documents;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String meterId = params.meterId(ctx);
        final byte[] json = documents.document(meterId);
        if (json == null) {
            throw new NotFoundException("No meter '" + meterId + "' in the read model");
        }
        ctx.contentType("application/json").result(json);
    }
}
