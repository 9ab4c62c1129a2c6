package dev.bulkestate.server;

import java.util.List;

/**
 * The routes of the API under {@code /v1} (DESIGN.md section 3): {@code POST /bulk/{type}},
 * {@code /bulk/skip-trace/async}, {@code /bulk/skip-trace/sync}, {@code /bulk/{type}/estimate},
 * {@code GET /bulk/jobs}, {@code /bulk/jobs/{id}}, {@code /bulk/jobs/{id}/results},
 * {@code POST /bulk/jobs/{id}/cancel}, {@code /bulk/jobs/{id}/retry}, {@code GET /account/usage}.
 * {@link #match} finds the route of a path (segments after {@code v1}), or null for none; the
 * method is checked by the caller, so a known path with another method is a 405, not a 404.
 */
record Route(Kind kind, String method, String type, String id) {
  enum Kind { SUBMIT, SYNC_SKIP_TRACE, ESTIMATE, LIST_JOBS, GET_JOB, RESULTS, CANCEL, RETRY, USAGE }

  static Route match(List<String> s) {
    int n = s.size();
    if (n == 2 && s.get(0).equals("account") && s.get(1).equals("usage")) {
      return new Route(Kind.USAGE, "GET", null, null);
    }
    if (n < 2 || !s.get(0).equals("bulk")) {
      return null;
    }
    if (s.get(1).equals("jobs")) {
      if (n == 2) {
        return new Route(Kind.LIST_JOBS, "GET", null, null);
      }
      String id = s.get(2);
      if (n == 3) {
        return new Route(Kind.GET_JOB, "GET", null, id);
      }
      if (n == 4) {
        return switch (s.get(3)) {
          case "results" -> new Route(Kind.RESULTS, "GET", null, id);
          case "cancel" -> new Route(Kind.CANCEL, "POST", null, id);
          case "retry" -> new Route(Kind.RETRY, "POST", null, id);
          default -> null;
        };
      }
      return null;
    }
    String type = s.get(1);
    if (n == 2) {
      return new Route(Kind.SUBMIT, "POST", type, null);
    }
    if (n == 3 && type.equals("skip-trace") && s.get(2).equals("async")) {
      return new Route(Kind.SUBMIT, "POST", type, null);
    }
    if (n == 3 && type.equals("skip-trace") && s.get(2).equals("sync")) {
      return new Route(Kind.SYNC_SKIP_TRACE, "POST", type, null);
    }
    if (n == 3 && s.get(2).equals("estimate")) {
      return new Route(Kind.ESTIMATE, "POST", type, null);
    }
    return null;
  }
}
