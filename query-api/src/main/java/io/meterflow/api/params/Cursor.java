package io.meterflow.api.params;

import io.meterflow.api.http.InvalidParameterException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque paging position: the sort key of the last item of a page, for one listing. Clients pass
 * {@code nextCursor} back as {@code cursor}; anything else is a 400 naming {@code cursor}.
 *
 * @param time     the time part of the key, epoch ms (0 where the listing has none)
 * @param tiebreak the text part of the key ("" where the listing has none)
 */
public record Cursor(String listing, long time, String tiebreak) {

    public static final String PARAMETER = "cursor";
    private static final char SEPARATOR = '\u001f';

    public String encode() {
        final String raw = listing + SEPARATOR + time + SEPARATOR + tiebreak;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor for {@code listing}, or null when the request has none. */
    public static Cursor decode(String value, String listing) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        final String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        final String[] parts = raw.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 3 || !parts[0].equals(listing)) {
            throw invalid();
        }
        try {
            return new Cursor(listing, Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidParameterException invalid() {
        return new InvalidParameterException(PARAMETER,
                "cursor is not a cursor of this listing; pass the nextCursor of the previous page unchanged");
    }
}
