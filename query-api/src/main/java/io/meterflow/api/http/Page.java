package io.meterflow.api.http;

import com.fasterxml.jackson.databind.util.RawValue;
import io.meterflow.api.db.PageRow;
import io.meterflow.api.params.Cursor;

import java.util.List;

/**
 * A page of a listing. Queries fetch {@code limit + 1} rows: the extra row only tells that there is a next page.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record Page(List<RawValue> items, String nextCursor) {

    public static Page of(List<PageRow> rows, int limit, String listing) {
        final boolean more = rows.size() > limit;
        final List<PageRow> page = more ? rows.subList(0, limit) : rows;
        final String next = more
                ? new Cursor(listing, page.get(limit - 1).keyTime(), page.get(limit - 1).keyText()).encode()
                : null;
        return new Page(page.stream().map(r -> new RawValue(r.json())).toList(), next);
    }
}
