package io.trainaudit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Debian Chromium driven over the DevTools protocol, with no driver dependency: one page,
 * a WebSocket to it, commands answered by id, and every event kept for the test to inspect. Every
 * wait is bounded; {@link #close()} kills the browser and its children.
 */
final class Chromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts Chromium with a fresh profile and opens a blank page to drive. */
  static Chromium start(Path profile) throws Exception {
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      String endpoint = endpoint(process);
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(endpoint.replace("ws://", "http://")
          + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      String pageSocket = JSON.readTree(page.body()).path("webSocketDebuggerUrl").asText();
      Chromium[] self = new Chromium[1];
      Listener listener = new Listener(message -> self[0].dispatch(message));
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(pageSocket), listener)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      self[0] = new Chromium(process, socket);
      return self[0];
    } catch (Exception | Error e) {
      kill(process);
      throw e;
    }
  }

  /** Reads the DevTools endpoint from the browser's error output; the rest of that output is drained. */
  private static String endpoint(Process process) throws Exception {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> found = new CompletableFuture<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            found.complete(m.group(1));
          } else if (seen.size() < 50) {
            seen.add(line);
          }
        }
        found.completeExceptionally(new IllegalStateException("chromium exited: " + seen));
      } catch (IOException e) {
        found.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return found.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends a command and returns its result; fails on a protocol error or after the timeout. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = nextId.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  /** Arms a wait for the next event of this name; arm it before the command that causes it. */
  CompletableFuture<JsonNode> next(String event) {
    return awaited.computeIfAbsent(event, e -> new CompletableFuture<>());
  }

  static JsonNode await(CompletableFuture<JsonNode> event) throws Exception {
    return event.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Every event received so far, in order. */
  List<JsonNode> events() {
    return new ArrayList<>(events);
  }

  private void dispatch(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable DevTools message: " + text, e);
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    events.add(message);
    CompletableFuture<JsonNode> waiting = awaited.remove(message.path("method").asText());
    if (waiting != null) {
      waiting.complete(message.path("params"));
    }
  }

  @Override
  public void close() {
    socket.abort();
    kill(process);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes a browser profile directory once the browser is gone. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Joins the fragments of each text message and hands whole messages on. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Consumer<String> onMessage;
    private final StringBuilder partial = new StringBuilder();

    Listener(java.util.function.Consumer<String> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        onMessage.accept(message);
      }
      socket.request(1);
      return null;
    }
  }
}
