package io.meterflow.streams.errorstats;

import java.util.List;

/**
 * What {@link WindowCloseIndex#rebuild} needs of a stored per-meter state: the newest collection time it accepted and
 * the windows it holds open. The meter's state implements it, so this package need not know that state.
 */
public interface WindowedState {

    long lastCollectedAt();

    List<OpenWindow> windows();
}
