package io.meterflow.streams.notify;

import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.streams.notify.AlertmanagerClient.PostedAlert;
import io.meterflow.streams.notify.AlertmanagerClient.Silence;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Brings per-meter alerts to Alertmanager. Records (alert transitions and command results) only update a store of
 * the alerts of this task's partition; a wall-clock punctuation makes Alertmanager agree with the store: firing
 * alerts posted with an end a few resend intervals ahead (re-posted every resend interval, so they stay firing and
 * never time out), resolved ones posted once with their end and then dropped, and a silence on (meterId, rule) for
 * every acknowledged or shelved alert, none for the others.
 *
 * <p>Restart-safe because nothing depends on remembering an HTTP call: the store is changelogged, the first
 * punctuation after a start syncs everything, posting an alert again changes nothing in Alertmanager, and silences
 * are found again by listing Alertmanager's own (createdBy {@value AlertmanagerClient#CREATED_BY}, tagged with the
 * partition) — a silence created just before a crash is reused, one left for an alert this task no longer holds is
 * expired.
 */
public final class AlertNotifier implements Processor<String, NotifierInput, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final char KEY_SEPARATOR = '\u001f';
    private static final int POST_BATCH = 500;

    private final NotifierSettings settings;
    private final AlertmanagerClient client;
    private final Set<String> dirty = new HashSet<>();
    private KeyValueStore<String, NotifiedAlert> store;
    private String partitionTag;
    private Instant nextFullSync = Instant.EPOCH;
    private boolean failing;

    public AlertNotifier(NotifierSettings settings) {
        this.settings = settings;
        this.client = new AlertmanagerClient(settings.url(), settings.timeout());
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(settings.store());
        partitionTag = "[meter-alerts partition " + context.taskId().partition() + "]";
        context.schedule(settings.syncInterval(), PunctuationType.WALL_CLOCK_TIME, now -> sync(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, NotifierInput> record) {
        if (record.value() instanceof NotifierInput.Transition t) {
            if ("*".equals(t.alert().meterId())) {
                return; // Fleet alerts reach Alertmanager through Prometheus' rules.
            }
            final String key = key(t.alert().meterId(), t.alert().rule());
            final NotifiedAlert before = store.get(key);
            if (t.alert().state() == AlertState.RESOLVED && (before == null || !before.everPosted())) {
                // Resolved before it ever fired (PENDING -> RESOLVED): Alertmanager never heard of it.
                if (before != null) {
                    store.delete(key);
                    dirty.add(key);
                }
                return;
            }
            store.put(key, NotifiedAlert.of(t.alert(), before));
            dirty.add(key);
        } else if (record.value() instanceof NotifierInput.CommandOutcome c) {
            final AlertCommandResult.Workflow workflow = c.result().workflow();
            if (c.result().outcome() != AlertCommandResult.Outcome.APPLIED || workflow == null) {
                return;
            }
            final String key = key(c.result().meterId(), c.result().rule());
            final NotifiedAlert alert = store.get(key);
            if (alert != null && alert.since() == workflow.since()) {
                store.put(key, alert.with(workflow));
                dirty.add(key);
            }
        }
    }

    private void sync(Instant now) {
        final boolean full = !now.isBefore(nextFullSync);
        if (!full && dirty.isEmpty()) {
            return;
        }
        final Map<String, NotifiedAlert> alerts = new LinkedHashMap<>();
        if (full) {
            try (KeyValueIterator<String, NotifiedAlert> all = store.all()) {
                all.forEachRemaining(kv -> alerts.put(kv.key, kv.value));
            }
        } else {
            for (String key : dirty) {
                alerts.put(key, store.get(key));
            }
        }
        try {
            postAlerts(alerts, now);
            syncSilences(alerts, now, full);
            for (Map.Entry<String, NotifiedAlert> e : alerts.entrySet()) {
                final NotifiedAlert a = e.getValue();
                if (a != null && a.state() == AlertState.RESOLVED) {
                    store.delete(e.getKey());
                } else if (a != null && a.firing() && !a.severity().name().equals(a.postedSeverity())) {
                    store.put(e.getKey(), a.posted());
                }
            }
            dirty.removeAll(alerts.keySet());
            if (full) {
                nextFullSync = now.plus(settings.resendInterval());
            }
            if (failing) {
                LOG.info("Alertmanager at {} reachable again; {} alerts in sync", settings.url(), alerts.size());
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("Alertmanager at {} not reached ({}); retrying every {}", settings.url(), e.getMessage(),
                        settings.syncInterval());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void postAlerts(Map<String, NotifiedAlert> alerts, Instant now) throws IOException, InterruptedException {
        final List<PostedAlert> posts = new ArrayList<>();
        final Instant firingUntil = now.plus(settings.resendInterval().multipliedBy(4));
        for (NotifiedAlert a : alerts.values()) {
            if (a == null) {
                continue;
            }
            if (a.firing()) {
                posts.add(posted(a, a.severity().name(), firingUntil));
                if (a.everPosted() && !a.postedSeverity().equals(a.severity().name())) {
                    // The severity is a label: the alert under its old severity is another alert, resolved now.
                    posts.add(posted(a, a.postedSeverity(), now));
                }
            } else if (a.everPosted()) {
                posts.add(posted(a, a.postedSeverity(), Instant.ofEpochMilli(Math.max(a.at(), a.since()))));
            }
        }
        for (int i = 0; i < posts.size(); i += POST_BATCH) {
            client.postAlerts(posts.subList(i, Math.min(posts.size(), i + POST_BATCH)));
        }
    }

    private void syncSilences(Map<String, NotifiedAlert> alerts, Instant now, boolean full)
            throws IOException, InterruptedException {
        final Map<String, List<Silence>> existing = new HashMap<>();
        for (Silence s : client.silences()) {
            if (s.comment().endsWith(partitionTag)) {
                existing.computeIfAbsent(key(s.meterId(), s.rule()), k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<String, NotifiedAlert> e : alerts.entrySet()) {
            final List<Silence> current = existing.remove(e.getKey());
            final NotifiedAlert a = e.getValue();
            final Instant end = a == null ? null : silenceEnd(a, now);
            final List<Silence> extra = current == null ? List.of() : current;
            if (end == null) {
                for (Silence s : extra) {
                    client.expireSilence(s.id());
                }
                continue;
            }
            final Silence keep = extra.isEmpty() ? null : extra.get(0);
            for (Silence s : extra.subList(Math.min(1, extra.size()), extra.size())) {
                client.expireSilence(s.id());
            }
            if (keep == null || needsUpdate(keep, a, end, now)) {
                client.putSilence(keep == null ? null : keep.id(), a.meterId(), a.rule(), now, end, comment(a));
            }
        }
        if (full) {
            // Silences of this partition for alerts the store no longer holds (their resolve was applied, the
            // expiry was not, then the app stopped): nothing else would ever end them early.
            for (List<Silence> left : existing.values()) {
                for (Silence s : left) {
                    client.expireSilence(s.id());
                }
            }
        }
    }

    /** An acknowledged alert is silenced until its episode ends (renewed as it nears its end); a shelved one until then. */
    private Instant silenceEnd(NotifiedAlert a, Instant now) {
        if (a.state() == AlertState.RESOLVED) {
            return null;
        }
        final Instant shelved = a.shelvedUntil() != null && a.shelvedUntil() > now.toEpochMilli()
                ? Instant.ofEpochMilli(a.shelvedUntil()) : null;
        if (a.acknowledgedBy() == null) {
            return shelved;
        }
        final Instant acked = now.plus(settings.ackSilence());
        return shelved != null && shelved.isAfter(acked) ? shelved : acked;
    }

    private boolean needsUpdate(Silence s, NotifiedAlert a, Instant end, Instant now) {
        if (!s.comment().equals(comment(a))) {
            return true;
        }
        if (a.acknowledgedBy() != null) {
            return s.endsAt().isBefore(now.plus(settings.ackSilence().dividedBy(2)));
        }
        return Math.abs(s.endsAt().toEpochMilli() - end.toEpochMilli()) > 1_000;
    }

    private String comment(NotifiedAlert a) {
        final String why = a.acknowledgedBy() != null ? "Acknowledged by " + a.acknowledgedBy()
                : "Shelved until " + Instant.ofEpochMilli(a.shelvedUntil());
        return why + " (MeterFlow alert workflow) " + partitionTag;
    }

    private static PostedAlert posted(NotifiedAlert a, String severity, Instant endsAt) {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", a.rule());
        labels.put("meterId", a.meterId());
        labels.put("rule", a.rule());
        labels.put("severity", severity.toLowerCase(Locale.ROOT));
        labels.put("layer", "meter");
        final Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", a.message());
        annotations.put("state", a.state().name());
        if (a.value() != null) {
            annotations.put("value", String.valueOf(a.value()));
        }
        if (a.threshold() != null) {
            annotations.put("threshold", String.valueOf(a.threshold()));
        }
        if (a.acknowledgedBy() != null) {
            annotations.put("acknowledgedBy", a.acknowledgedBy());
        }
        return new PostedAlert(labels, annotations, Instant.ofEpochMilli(a.since()), endsAt);
    }

    static String key(String meterId, String rule) {
        return meterId + KEY_SEPARATOR + rule;
    }
}
