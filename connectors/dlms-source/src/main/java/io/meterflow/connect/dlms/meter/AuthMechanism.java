package io.meterflow.connect.dlms.meter;

/** DLMS authentication a meter demands: none, LLS password, or HLS5-GMAC with AES-GCM-128 ciphering. */
public enum AuthMechanism {
    NONE, LOW, HLS5_GMAC
}
