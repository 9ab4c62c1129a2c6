package dev.bulkestate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.json.BulkJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bulk serve}, then {@code run}, {@code status} and {@code results} against it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeCommandTest {
  static final String KEY = "key_remote_test_1234";
  static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/v1");

  @TempDir
  Path dir;

  @Test
  void servesPrintsMaskedKeysAndAnswersTheOtherCommands() throws Exception {
    ServeCommand serve = new ServeCommand();
    StringWriter printed = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(printed, true));
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0",
        "--size", "300", "--seed", "7", "--api-key", KEY + "=5000", "--api-key", "second_key_9999=10",
        "--webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    assertThat(serve.ready.await(60, TimeUnit.SECONDS)).as(printed.toString()).isTrue();
    try {
      String banner = printed.toString();
      Matcher url = URL.matcher(banner);
      assertThat(url.find()).as(banner).isTrue();
      String base = url.group(1);
      assertThat(banner).contains("api key: ****************1234  credits: 5000")
          .contains("api key: ***********9999  credits: 10")
          .contains("dataset: synthetic, seed 7 (300 properties)")
          .contains("webhook secret: whsec_***")
          .doesNotContain(KEY).doesNotContain("second_key_9999").doesNotContain("MfKQ9r8G");

      // The spec's request with curl's shape gets the spec's response shape.
      HttpURLConnection post = (HttpURLConnection) URI.create(base + "/v1/bulk/skip-trace/sync").toURL()
          .openConnection();
      post.setRequestMethod("POST");
      post.setDoOutput(true);
      post.setRequestProperty("X-API-Key", KEY);
      post.setRequestProperty("Content-Type", "application/json");
      post.getOutputStream().write(("{\"records\":[{\"id\":\"lead1\",\"property_address\":"
          + "\"123 Oak St, Dallas, TX 75201\"},{\"id\":\"lead3\",\"phone\":\"214-555-0123\"}]}")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(post.getResponseCode()).isEqualTo(200);
      JsonNode sync = BulkJson.mapper().readTree(post.getInputStream());
      assertThat(sync.get("status").asText()).isEqualTo("success");
      assertThat(sync.at("/data/results/0/id").asText()).isEqualTo("lead1");
      assertThat(sync.at("/data/summary/total").asInt()).isEqualTo(2);

      Path input = dir.resolve("vals.csv");
      Files.writeString(input, "id,property_id\nv1,PROP1\nv2,PROP2\n,PROP3\n");
      RunCommandTest.Run run = RunCommandTest.bulk("run", "--type", "valuations", "--input",
          input.toString(), "--server", base, "--api-key", KEY, "--no-progress");
      assertThat(run.exit()).as(run.err()).isZero();
      List<String> out = Files.readAllLines(dir.resolve("vals.results.csv"));
      assertThat(out).hasSize(4);
      String jobId = out.get(1).split(",")[3].replace("\"", "");
      assertThat(jobId).startsWith("job_");

      RunCommandTest.Run status = RunCommandTest.bulk("status", jobId, "--server", base, "--api-key", KEY);
      assertThat(status.exit()).as(status.err()).isZero();
      JsonNode job = BulkJson.mapper().readTree(status.out());
      assertThat(job.get("job_id").asText()).isEqualTo(jobId);
      assertThat(job.get("status").asText()).isEqualTo("completed");
      assertThat(job.at("/progress/total_records").asInt()).isEqualTo(2);

      RunCommandTest.Run results = RunCommandTest.bulk("results", jobId, "--server", base, "--api-key", KEY);
      assertThat(results.exit()).isZero();
      assertThat(results.out().lines().map(l -> l.substring(0, l.indexOf(",\"status\"")))
          .toList()).containsExactly("{\"id\":\"v1\"", "{\"id\":\"v2\"");
      RunCommandTest.Run csv = RunCommandTest.bulk("results", jobId, "--format", "csv", "--server", base,
          "--api-key", KEY);
      assertThat(csv.out().lines().toList()).hasSize(3);

      RunCommandTest.Run otherKey = RunCommandTest.bulk("status", jobId, "--server", base, "--api-key",
          "second_key_9999");
      assertThat(otherKey.exit()).isEqualTo(2);
      assertThat(otherKey.err()).contains("404 JOB_NOT_FOUND");
    } finally {
      serve.stop();
    }
    assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void servesTheUsersOwnDataset() throws Exception {
    Path properties = dir.resolve("props.csv");
    Files.writeString(properties, "property_id,street,city,state,zip,latitude,longitude,property_type,bedrooms\n"
        + "MY-1,123 Main St,Austin,TX,78701,30.2672,-97.7431,single_family,3\n"
        + "MY-2,456 Oak Ave,Dallas,TX,75201,32.7767,-96.7970,condo,2\n");
    ServeCommand serve = new ServeCommand();
    StringWriter printed = new StringWriter();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(printed, true));
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0",
        "--dataset", properties.toString(), "--api-key", KEY + "=100"));
    assertThat(serve.ready.await(60, TimeUnit.SECONDS)).as(printed.toString()).isTrue();
    try {
      Matcher url = URL.matcher(printed.toString());
      assertThat(url.find()).isTrue();
      assertThat(printed.toString()).contains("dataset: " + properties + " (2 properties)");
      Path input = dir.resolve("mine.jsonl");
      Files.writeString(input, "{\"id\":\"a\",\"address\":\"123 Main Street, Austin, TX 78701\"}\n"
          + "{\"id\":\"b\",\"property_id\":\"MY-2\"}\n{\"id\":\"c\",\"property_id\":\"NOPE\"}\n");
      RunCommandTest.Run run = RunCommandTest.bulk("run", "--type", "property-details", "--input",
          input.toString(), "--server", url.group(1), "--api-key", KEY, "--no-progress");
      assertThat(run.exit()).as(run.err()).isZero();
      List<String> lines = Files.readAllLines(dir.resolve("mine.results.jsonl"));
      assertThat(lines).hasSize(3);
      JsonNode first = BulkJson.mapper().readTree(lines.get(0));
      JsonNode second = BulkJson.mapper().readTree(lines.get(1));
      JsonNode third = BulkJson.mapper().readTree(lines.get(2));
      // Found in the user's data; partial only because two properties give no comparable sales.
      assertThat(first.get("status").asText()).isEqualTo("partial");
      assertThat(first.at("/data/property_id").asText()).isEqualTo("MY-1");
      assertThat(first.at("/warnings/0").asText()).startsWith("No valuation");
      assertThat(second.at("/data/property_id").asText()).isEqualTo("MY-2");
      assertThat(third.get("status").asText()).isEqualTo("failed");
      assertThat(third.at("/error/code").asText()).isEqualTo("PROPERTY_NOT_FOUND");
    } finally {
      serve.stop();
    }
    assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void sigtermStopsTheServerCleanly() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        BulkCli.class.getName(), "serve", "--port", "0", "--size", "200", "--api-key", KEY + "=10")
        .redirectErrorStream(true).start();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String base = null;
      StringBuilder seen = new StringBuilder();
      for (String line; base == null && (line = reader.readLine()) != null; ) {
        seen.append(line).append('\n');
        Matcher url = URL.matcher(line);
        if (url.find()) {
          base = url.group(1);
        }
      }
      assertThat(base).as(seen.toString()).isNotNull();
      HttpURLConnection health = (HttpURLConnection) URI.create(base + "/health").toURL().openConnection();
      assertThat(health.getResponseCode()).isEqualTo(200);
      health.disconnect();

      CompletableFuture<String> tail = CompletableFuture.supplyAsync(() -> {
        try {
          return readRest(reader);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      // SIGTERM by pid: Process.destroy() would also close the output pipe this test still reads.
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start()
          .waitFor()).isZero();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String rest = tail.get(10, TimeUnit.SECONDS);
      assertThat(rest).contains("bulk server stopped");
      assertThat(seen + rest).doesNotContain(KEY);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String readRest(BufferedReader reader) throws IOException {
    StringBuilder rest = new StringBuilder();
    for (String line; (line = reader.readLine()) != null; ) {
      rest.append(line).append('\n');
    }
    return rest.toString();
  }
}
