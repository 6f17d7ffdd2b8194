package io.meterflow.connect.dlms.backfill;

/**
 * What a meter's load profile buffer holds now.
 *
 * @param entriesInUse the Profile Generic's entries_in_use (attribute 7)
 * @param firstCapture capture time of its oldest entry (entry selector, entry 1), null when it holds none
 */
public record BufferExtent(long entriesInUse, Long firstCapture) {
}
