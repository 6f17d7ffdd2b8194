package io.meterflow.streams.notify;

import java.net.URI;
import java.time.Duration;

/**
 * @param alertsTopic    where alert transitions come from (meter-alerts; tests use their own)
 * @param resultsTopic   where command results come from (meter-alert-command-results)
 * @param url            Alertmanager's base URL
 * @param syncInterval   how soon a transition or command reaches Alertmanager (wall clock)
 * @param resendInterval firing alerts are posted again this often, with an end four intervals ahead
 * @param timeout        of each HTTP call
 * @param ackSilence     an acknowledged alert's silence runs this far ahead and is renewed at half of it
 */
public record NotifierSettings(String store, String alertsTopic, String resultsTopic, URI url, Duration syncInterval, Duration resendInterval, Duration timeout,
                               Duration ackSilence) {
}
