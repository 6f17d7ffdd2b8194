package io.meterflow.streams.notify;

import java.net.URI;
import java.time.Duration;

/**
 * @param url            Alertmanager's base URL
 * @param syncInterval   how soon a transition or command reaches Alertmanager (wall clock)
 * @param resendInterval firing alerts are posted again this often, with an end four intervals ahead
 * @param timeout        of each HTTP call
 * @param ackSilence     an acknowledged alert's silence runs this far ahead and is renewed at half of it
 */
public record NotifierSettings(String store, URI url, Duration syncInterval, Duration resendInterval, Duration timeout,
                               Duration ackSilence) {
}
