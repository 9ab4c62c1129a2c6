package dev.bulkestate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.JobRequest;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** HTTP pieces shared by the server, client and webhook runs: loopback only. */
final class HttpRuns {
  static final String KEY = "bench_key_0123456789";
  static final MediaType JSON = MediaType.get("application/json");
  static final ObjectMapper MAPPER = BulkJson.mapper();

  private HttpRuns() {}

  /** An OkHttp client that counts the requests it sends. */
  static OkHttpClient counting(AtomicInteger requests) {
    return new OkHttpClient.Builder()
        .readTimeout(60, TimeUnit.SECONDS)
        .callTimeout(120, TimeUnit.SECONDS)
        .addInterceptor(chain -> {
          requests.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
  }

  /** A bare Javalin server on 127.0.0.1 with the given routes; started. */
  static Javalin bare(Map<String, io.javalin.http.Handler> posts,
      Map<String, io.javalin.http.Handler> gets) {
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      posts.forEach((path, h) -> config.routes.addHttpHandler(HandlerType.POST, path, h));
      gets.forEach((path, h) -> config.routes.addHttpHandler(HandlerType.GET, path, h));
    });
    app.start("127.0.0.1", 0);
    return app;
  }

  static byte[] post(OkHttpClient http, String url, byte[] body, int expect) throws IOException {
    Request request = new Request.Builder().url(url).header("X-API-Key", KEY)
        .post(RequestBody.create(body, JSON)).build();
    try (Response response = http.newCall(request).execute()) {
      byte[] bytes = response.body().bytes();
      if (response.code() != expect) {
        throw new IllegalStateException("POST " + url + " answered " + response.code() + ": "
            + new String(bytes, 0, Math.min(bytes.length, 300), java.nio.charset.StandardCharsets.UTF_8));
      }
      return bytes;
    }
  }

  static byte[] get(OkHttpClient http, String url) throws IOException {
    Request request = new Request.Builder().url(url).header("X-API-Key", KEY).get().build();
    try (Response response = http.newCall(request).execute()) {
      byte[] bytes = response.body().bytes();
      if (response.code() != 200) {
        throw new IllegalStateException("GET " + url + " answered " + response.code());
      }
      return bytes;
    }
  }

  /** The client run: JobHandle + auto-paging. Answers {wall seconds, HTTP requests}. */
  static double[] followWithClient(String baseUrl, JobRequest<?> request) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    OkHttpClient http = counting(requests);
    try (BulkClient client = BulkClient.builder().apiKey(KEY).baseUrl(baseUrl + "/v1")
        .httpClient(http).build()) {
      long t0 = System.nanoTime();
      JobHandle handle = client.handle(client.submit(request).jobId());
      handle.await();
      int n = 0;
      for (RecordResult r : handle.results()) {
        if (r.id() != null) {
          n++;
        }
      }
      long t1 = System.nanoTime();
      if (n != request.records().size()) {
        throw new IllegalStateException("Client read " + n + " results");
      }
      return new double[] {(t1 - t0) / 1e9, requests.get()};
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /**
   * The spec's examples by hand: POST, poll the job every {@code pollMillis} until it is no
   * longer queued/processing, then read pages of 100 until {@code has_more} is false, all with
   * OkHttp and Jackson trees. Answers {wall seconds, HTTP requests}.
   */
  static double[] followByHand(String baseUrl, JobRequest<?> request, long pollMillis)
      throws IOException, InterruptedException {
    AtomicInteger requests = new AtomicInteger();
    OkHttpClient http = counting(requests);
    try {
      long t0 = System.nanoTime();
      byte[] body = MAPPER.writeValueAsBytes(request);
      JsonNode accepted = MAPPER.readTree(post(http,
          baseUrl + "/v1/bulk/" + request.type().value(), body, 202));
      String jobId = accepted.path("data").path("job_id").asText();
      while (true) {
        JsonNode job = MAPPER.readTree(get(http, baseUrl + "/v1/bulk/jobs/" + jobId)).path("data");
        String status = job.path("status").asText();
        if (!status.equals("queued") && !status.equals("processing")) {
          break;
        }
        Thread.sleep(pollMillis);
      }
      int n = 0;
      for (int page = 1; ; page++) {
        JsonNode data = MAPPER.readTree(get(http, baseUrl + "/v1/bulk/jobs/" + jobId
            + "/results?page=" + page + "&limit=100")).path("data");
        n += data.path("results").size();
        if (!data.path("pagination").path("has_more").asBoolean()) {
          break;
        }
      }
      long t1 = System.nanoTime();
      if (n != request.records().size()) {
        throw new IllegalStateException("Hand loop read " + n + " results");
      }
      return new double[] {(t1 - t0) / 1e9, requests.get()};
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  static AddressVerificationRequest addresses(int n, int offset) {
    return (AddressVerificationRequest) BenchData.request(JobType.ADDRESS_VERIFICATION, n, offset);
  }

  static List<String> pagePaths(String jobId, int pages, int limit) {
    return java.util.stream.IntStream.rangeClosed(1, pages)
        .mapToObj(p -> "/v1/bulk/jobs/" + jobId + "/results?page=" + p + "&limit=" + limit)
        .toList();
  }
}
