package io.meterflow.connect.dlms.push.meter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The meters a listener knows, by meter id and by system title; replaced whole when the meter list changes. */
public final class PushMeterDirectory {

    private volatile Index index = new Index(Map.of(), Map.of());

    private record Index(Map<String, PushMeter> byId, Map<String, PushMeter> bySystemTitle) {
    }

    public void replace(List<PushMeter> meters) {
        final Map<String, PushMeter> byId = new HashMap<>();
        final Map<String, PushMeter> byTitle = new HashMap<>();
        for (PushMeter meter : meters) {
            byId.put(meter.meterId(), meter);
            if (meter.systemTitle() != null) {
                byTitle.put(meter.systemTitle(), meter);
            }
        }
        index = new Index(Map.copyOf(byId), Map.copyOf(byTitle));
    }

    public Optional<PushMeter> byId(String meterId) {
        return Optional.ofNullable(index.byId().get(meterId));
    }

    public Optional<PushMeter> bySystemTitle(String systemTitle) {
        return Optional.ofNullable(index.bySystemTitle().get(systemTitle));
    }

    public int size() {
        return index.byId().size();
    }
}
