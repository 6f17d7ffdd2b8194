package io.meterflow.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Jetty's answer to requests it rejects before Javalin sees them (undecodable % escapes, ambiguous paths, URIs or
 * headers too long, illegal header characters): the same problem+json with X-Request-ID as every other error,
 * instead of Jetty's HTML page. Jetty's message names what was wrong and never carries a stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);
    private final ObjectMapper json;

    public ProblemErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        final int status = status(request, response);
        final String reason = HttpStatus.getMessage(status);
        final Object message = request.getAttribute(ERROR_MESSAGE);
        final String id = RequestIds.sanitized(request.getHeaders().get(RequestIds.HEADER));
        LOG.info("Rejected before routing with {} ({}), request id {}", status, message, id);
        final Problem problem = new Problem(Problem.TYPE_BASE + "http-" + status, reason, status,
                message == null || message.toString().isBlank() ? reason : message.toString(), null, null, id, null, null);
        response.setStatus(status);
        response.getHeaders().put(RequestIds.HEADER, id);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(problem)), callback);
        return true;
    }

    private static int status(Request request, Response response) {
        if (request.getAttribute(ERROR_STATUS) instanceof Integer status && status >= 400) {
            return status;
        }
        return response.getStatus() >= 400 ? response.getStatus() : HttpStatus.BAD_REQUEST_400;
    }
}
