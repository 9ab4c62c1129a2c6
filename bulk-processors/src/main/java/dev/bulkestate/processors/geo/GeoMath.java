package dev.bulkestate.processors.geo;

/** Distances on the Earth's surface. */
public final class GeoMath {
  /** Mean Earth radius in statute miles (IUGG mean radius 6,371.0088 km). */
  public static final double EARTH_RADIUS_MILES = 3958.7613;

  private GeoMath() {}

  /**
   * The great-circle distance between two points, in miles, by the haversine formula (accurate to
   * about 0.5% for the spherical-Earth approximation, which is plenty for comparables and centroids).
   */
  public static double miles(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double sinPhi = Math.sin(dPhi / 2);
    double sinLambda = Math.sin(dLambda / 2);
    double a = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
    // min() guards against rounding pushing a just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}
