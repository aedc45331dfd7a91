package org.citywatch.analytics.rules;

/** Where line crossings go (the vehicle counts). Called on analysis workers: must not block. */
@FunctionalInterface
public interface CrossingSink {

    CrossingSink NONE = (cameraId, crossing) -> { };

    void crossed(String cameraId, Crossing crossing);
}
