package dev.bulkestate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.cli.BulkCli;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import picocli.CommandLine;

/**
 * README.md is true: its Java snippets compile (and the self-contained ones run and print what it
 * says), its commands name real files and flags, its quick start prints what it shows, and its
 * configuration tables list exactly the options the code has.
 */
@Timeout(120)
class ReadmeTest {
  static final Path ROOT = Path.of("..");
  static final Pattern TYPE_DECLARATION =
      Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|record|interface|enum) (\\w+)");
  static String readme;

  @BeforeAll
  static void read() throws Exception {
    readme = Files.readString(ROOT.resolve("README.md"));
  }

  static List<String> blocks(String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)```" + language + "\\n(.*?)```").matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A snippet as a compilation unit: as it is when it declares a type, else wrapped in run(). */
  record Unit(String className, String source, boolean runnable) {
    static Unit of(int index, String snippet) {
      Matcher declared = TYPE_DECLARATION.matcher(snippet);
      if (declared.find()) {
        return new Unit(declared.group(1), snippet, false);
      }
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : snippet.split("\n", -1)) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "ReadmeSnippet" + index;
      return new Unit(name, imports + "public class " + name
          + " {\n  public static void run() throws Exception {\n" + body + "  }\n}\n",
          !snippet.contains("System.getenv"));
    }
  }

  private static List<Unit> compile(Path dir) throws Exception {
    List<String> snippets = blocks("java");
    assertThat(snippets).hasSize(4);
    List<Unit> units = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      Unit unit = Unit.of(i + 1, snippets.get(i));
      units.add(unit);
      Path file = dir.resolve("src").resolve(unit.className() + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, unit.source());
      files.add(file);
    }
    assertThat(units).extracting(Unit::className).doesNotHaveDuplicates();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, fm, diagnostics,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
              "--release", "17", "-proc:none"),
          null, fm.getJavaFileObjectsFromPaths(files)).call();
      assertThat(diagnostics.getDiagnostics()).as("compiler diagnostics")
          .filteredOn(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).isEmpty();
      assertThat(ok).isTrue();
    }
    return units;
  }

  @Test
  void javaSnippetsCompileAndTheSelfContainedOnesRunAndPrintWhatTheReadmeSays(@TempDir Path dir)
      throws Exception {
    List<Unit> units = compile(dir);
    List<Unit> runnable = units.stream().filter(Unit::runnable).toList();
    assertThat(runnable).hasSize(1); // the embedded engine; the client one needs a server and a key
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
        getClass().getClassLoader())) {
      for (Unit unit : runnable) {
        Method run = loader.loadClass(unit.className()).getMethod("run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
          run.invoke(null);
        } finally {
          System.setOut(original);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as(unit.className()).isNotEmpty()
            .allSatisfy(line -> assertThat(readme).contains("`" + line + "`"));
      }
    }
  }

  @Test
  void theJUnitSnippetPassesWhenRun(@TempDir Path dir) throws Exception {
    List<Unit> tests = compile(dir).stream().filter(u -> u.source().contains("@Test")).toList();
    assertThat(tests).extracting(Unit::className).containsExactly("ValuationFlowTest");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
        getClass().getClassLoader())) {
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(loader.loadClass("ValuationFlowTest"))).build(),
          listener);
      TestExecutionSummary summary = listener.getSummary();
      assertThat(summary.getFailures()).extracting(f -> f.getException().toString()).isEmpty();
      assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }
  }

  @Test
  void theQuickStartPrintsWhatTheReadmeShows(@TempDir Path dir) throws Exception {
    List<String> shell = blocks("bash");
    assertThat(shell.get(0).strip())
        .isEqualTo("bin/bulk run --type address-verification --input examples/data/addresses.csv");
    List<String> shown = blocks("text").get(0).lines().toList();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream bar = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(bar, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = BulkCli.execute(new String[] {"run", "--type", "address-verification", "--input",
          ROOT.resolve("examples/data/addresses.csv").toString(), "--output",
          dir.resolve("addresses.results.csv").toString()}, new PrintWriter(out), new PrintWriter(err));
    } finally {
      System.setErr(original);
    }
    assertThat(exit).as(err.toString()).isZero();
    List<String> printed = out.toString().lines().toList();
    assertThat(printed).hasSize(3);
    assertThat(printed.get(0)).matches(jobIdPattern(shown.get(2)));
    assertThat(printed.get(1)).isEqualTo(shown.get(3));
    assertThat(printed.get(2)).startsWith("results written to ").matches(".* in [0-9.]+ s");
    assertThat(shown.get(4)).matches("results written to examples/data/addresses.results.csv in [0-9.]+ s");
    String progress = bar.toString(StandardCharsets.UTF_8);
    assertThat(progress).contains("address-verification 100% [").contains("300/300");
    assertThat(shown.get(1)).startsWith("address-verification 100% [").contains("300/300");
    assertThat(shown.get(0)).isEqualTo("bin/bulk: building the command line (first use or sources changed)...");
    assertThat(Files.readString(ROOT.resolve("bin/bulk"))).contains(shown.get(0).substring("bin/bulk: ".length()));
    List<String> results = Files.readAllLines(dir.resolve("addresses.results.csv"));
    assertThat(results).hasSize(301);
    assertThat(readme).contains("`" + results.get(0) + "`");
  }

  private static String jobIdPattern(String shownLine) {
    return Pattern.quote(shownLine.replaceAll("job_[0-9a-f]{32}", "\u0000"))
        .replace("\u0000", "\\E job_[0-9a-f]{32}\\Q").replace("\\E job_", "\\Ejob_");
  }

  @Test
  void theExampleCommandNamesARealProgramAndPrintsWhatTheReadmeShows() throws Exception {
    List<String> command = shellWords(blocks("bash").stream()
        .filter(b -> b.startsWith("tools/run-example.sh")).findFirst().orElseThrow().strip());
    assertThat(command).hasSize(3);
    assertThat(Class.forName("dev.bulkestate.examples." + command.get(1))).isEqualTo(PortfolioAnalysis.class);
    List<String> shown = blocks("text").get(2).lines().toList();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder().workerThreads(2).build()) {
      PortfolioAnalysis.print(PortfolioAnalysis.analyse(engine,
          ExampleCsv.read(ROOT.resolve(command.get(2)), dev.bulkestate.core.request.PropertyRef.class)),
          new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(shown).hasSize(4);
    assertThat(shown.get(0)).isEqualTo(lines.get(0));
    assertThat(shown.get(1)).isEqualTo(lines.get(1));
    assertThat(shown.get(2)).isEqualTo("...");
    assertThat(shown.get(3)).isEqualTo(lines.get(lines.size() - 1));
  }

  @Test
  void theTestCommandIsExactlyWhatCiRuns() throws Exception {
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
    String command = ci.get(ci.size() - 1).strip();
    assertThat(command).isEqualTo("./mvnw -B -ntp verify");
    assertThat(blocks("bash").get(1).strip()).isEqualTo(command);
  }

  @Test
  void theReactorSummaryShownListsTheModulesOfTheBuild() throws Exception {
    List<String> shown = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\[INFO\\] (\\S+) \\.+ SUCCESS$").matcher(blocks("text").get(1));
    while (row.find()) {
      shown.add(row.group(1));
    }
    List<String> modules = new ArrayList<>(List.of("bulkestate"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (module.find()) {
      String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
      Matcher id = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
      assertThat(id.find()).isTrue();
      modules.add(id.group(1));
    }
    assertThat(shown).containsExactlyElementsOf(modules);
  }

  @Test
  void everyCommandNamesRealFlagsAndFiles() {
    CommandLine cli = new CommandLine(new BulkCli());
    int checked = 0;
    for (String block : blocks("bash")) {
      for (String line : block.lines().toList()) {
        List<String> words = shellWords(line.replaceAll("\\s+#.*$", ""));
        if (words.isEmpty() || !words.get(0).equals("bin/bulk")) {
          continue;
        }
        CommandLine sub = cli.getSubcommands().get(words.get(1));
        assertThat(sub).as(line).isNotNull();
        for (int i = 2; i < words.size(); i++) {
          String word = words.get(i);
          if (word.startsWith("--")) {
            assertThat(sub.getCommandSpec().findOption(word)).as(word + " in " + line).isNotNull();
            if (word.equals("--input")) {
              assertThat(ROOT.resolve(words.get(i + 1))).as(line).isRegularFile();
            }
            if (word.equals("--options")) {
              assertThat(words.get(i + 1)).startsWith("{").endsWith("}");
            }
          }
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(3);
  }

  @Test
  void everyRelativeLinkPointsAtAFile() {
    Matcher m = Pattern.compile("\\]\\(([^)#:]+)\\)").matcher(readme);
    Set<String> links = new TreeSet<>();
    while (m.find()) {
      links.add(m.group(1));
    }
    assertThat(links).contains("docs/openapi.json", "BENCHMARKS.md", "RELIABILITY.md");
    for (String link : links) {
      assertThat(ROOT.resolve(link)).as(link).exists();
    }
    for (String path : List.of("tools/make-example-data.sh", "tools/run-example.sh",
        "examples/data/portfolio.csv",
        "examples/data/leads.csv", ".ci/run", "NOTICE", "LICENSE")) {
      assertThat(readme).contains(path);
      assertThat(ROOT.resolve(path)).exists();
    }
  }

  @Test
  void theServeTableListsExactlyTheFlagsOfServe() {
    String section = section("### `bin/bulk serve`");
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`(--[a-z-]+)").matcher(section);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> actual = new TreeSet<>();
    new CommandLine(new BulkCli()).getSubcommands().get("serve").getCommandSpec().options()
        .forEach(o -> actual.add(o.longestName()));
    actual.removeAll(Set.of("--help", "--version"));
    Set<String> inTable = new TreeSet<>(documented);
    inTable.retainAll(actual);
    assertThat(inTable).isEqualTo(actual);
  }

  @Test
  void theEngineTableListsExactlyTheBuilderOptions() {
    String section = section("### `InMemoryBulkEngine.builder()`");
    Set<String> actual = new TreeSet<>();
    for (Method method : InMemoryBulkEngine.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && !method.getName().equals("build")) {
        actual.add(method.getName());
      }
    }
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-zA-Z]+)(?:\\([^)]*\\))?`").matcher(section);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsAll(actual);
    assertThat(Arrays.stream(section.split("\n")).filter(l -> l.startsWith("| `")).count())
        .isGreaterThan(15);
  }

  private static String section(String heading) {
    int start = readme.indexOf(heading);
    assertThat(start).as(heading).isNotNegative();
    int end = readme.indexOf("\n##", start + heading.length());
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** Splits a command line into words, honouring single and double quotes. */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
