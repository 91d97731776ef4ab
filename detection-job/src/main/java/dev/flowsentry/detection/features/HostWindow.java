package dev.flowsentry.detection.features;

/** A window's features of one host: which host, which window. */
public interface HostWindow {

    /** Sets the host and the window, once the window fires. */
    void stamp(long high, long low, long startMs, long endMs);

    long hostHigh();

    long hostLow();

    long windowStartMs();

    long windowEndMs();
}
