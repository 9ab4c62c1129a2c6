package dev.bulkestate.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording as Markdown: where the
 * sampled threads were (top frame, "self"), and which code of ours was on the stack
 * ("inclusive", by the first {@code dev.bulkestate} frame from the top).
 *
 * <pre>java -cp benchmarks-all.jar dev.bulkestate.benchmarks.JfrSummary rec.jfr [threadPrefix,...] [top]</pre>
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    List<String> prefixes = args.length > 1 ? List.of(args[1].split(",")) : List.of("");
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> ours = new HashMap<>();
    Map<String, Integer> byThread = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      String thread = e.getThread("sampledThread") == null ? "?"
          : String.valueOf(e.getThread("sampledThread").getJavaName());
      if (prefixes.stream().noneMatch(thread::startsWith)) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      total++;
      byThread.merge(thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.startsWith("dev.bulkestate.") && !n.startsWith("dev.bulkestate.benchmarks.")) {
          ours.merge(n, 1, Integer::sum);
          break;
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%,d execution samples; by thread: %s.%n%n", total,
        new java.util.TreeMap<>(byThread)));
    table(md, "Top frames (self time)", self, total, top);
    table(md, "Innermost bulkestate frame on the stack (inclusive of the library calls it makes)",
        ours, total, top);
    System.out.print(md);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void table(StringBuilder md, String title, Map<String, Integer> counts,
      int total, int top) {
    md.append("| ").append(title).append(" | samples | share |\n|---|---|---|\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue())
            .append(" | ").append(String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total))
            .append(" |\n"));
    md.append("\n");
  }
}
