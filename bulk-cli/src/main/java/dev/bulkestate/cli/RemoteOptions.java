package dev.bulkestate.cli;

import dev.bulkestate.client.BulkClient;
import picocli.CommandLine.Option;

/** Where a remote server is and which key to use: {@code --server}, {@code --api-key}. */
final class RemoteOptions {
  static final String SERVER_ENV = "BULKESTATE_SERVER";

  @Option(names = "--server", paramLabel = "URL",
      description = "The server, e.g. http://127.0.0.1:8080 (default: $" + SERVER_ENV
          + " or http://127.0.0.1:8080).")
  String server;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "The API key (default: $" + BulkClient.API_KEY_ENV + ").")
  String apiKey;

  /** The base URL with its {@code /v1}. */
  String baseUrl() {
    String url = server != null ? server : System.getenv(SERVER_ENV);
    if (url == null || url.isBlank()) {
      url = "http://127.0.0.1:8080";
    }
    url = url.replaceAll("/+$", "");
    return url.endsWith("/v1") ? url : url + "/v1";
  }

  BulkClient client() {
    BulkClient.Builder builder = BulkClient.builder().baseUrl(baseUrl());
    if (apiKey != null) {
      builder.apiKey(apiKey);
    }
    return builder.build();
  }
}
