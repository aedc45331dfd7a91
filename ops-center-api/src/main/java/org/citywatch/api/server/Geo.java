package org.citywatch.api.server;

/** Distances on the Earth's surface. */
final class Geo {

    private static final double EARTH_RADIUS_M = 6_371_008.8; // mean radius

    private Geo() {
    }

    /** Great-circle distance in metres (haversine: exact enough for a city, and stable for short distances). */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
