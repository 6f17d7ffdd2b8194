package io.meterflow.connect.dlms.backfill;

import io.meterflow.schema.BackfillRequest;

/**
 * A request taken from the requests topic, with where it was found: its answer advances the meter's position there.
 *
 * @param position the requests topic partition, as {@link RequestPositions#key} names it
 * @param offset   the request's offset in that partition
 */
public record PendingRequest(BackfillRequest request, String position, long offset) {
}
