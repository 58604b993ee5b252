package dev.kontract.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Runs Apache Avro Java's {@code SchemaCompatibility.checkReaderWriterCompatibility} for kontract's
 * differential tests and benchmark, one JVM for all pairs.
 *
 * <p>Default mode: reads NDJSON lines {@code {"id":..,"reader":<schema>,"writer":<schema>}} (optional
 * {@code "references":[<schema>,..]}: named types parsed first into both parsers, as the Confluent
 * Schema Registry does with schema references) from stdin and writes one line per pair:
 * {@code {"id":..,"compatible":bool,"incompatibilities":[{"kind","location","message"}]}}, or
 * {@code {"id":..,"error":"..","stage":"reader|writer|check"}} when Avro throws. Each schema is parsed
 * with its own {@code Schema.Parser} and {@code setValidateDefaults(false)}: that is how the Confluent
 * Schema Registry parses schemas that are already registered, and field default values play no part
 * in compatibility (only their presence does).
 *
 * <p>{@code check <pairs.ndjson>}: the same, reading the pairs from a file (for whole-process timing).
 *
 * <p>{@code bench <pairs.ndjson> [seconds]}: parses every pair once, warms the JIT up, then times
 * repeated passes in seven windows; prints one JSON line with the median and best pairs/s of the
 * windows, for the check alone and for parse + check.
 */
public final class CompatDriver {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int WINDOWS = 7;

  private CompatDriver() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("version")) {
      System.out.println(avroVersion());
      return;
    }
    if (args.length > 1 && args[0].equals("bench")) {
      bench(Path.of(args[1]), args.length > 2 ? Double.parseDouble(args[2]) : 3.0);
      return;
    }
    BufferedReader in =
        args.length > 1 && args[0].equals("check")
            ? Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      out.write(MAPPER.writeValueAsString(handle(line)));
      out.newLine();
      // The tests may send one pair at a time and wait for its answer.
      if (!in.ready()) {
        out.flush();
      }
    }
    out.flush();
  }

  private static ObjectNode handle(String line) {
    ObjectNode result = MAPPER.createObjectNode();
    JsonNode request;
    try {
      request = MAPPER.readTree(line);
    } catch (IOException e) {
      result.put("error", "invalid request line: " + e.getMessage());
      result.put("stage", "request");
      return result;
    }
    result.set("id", request.get("id"));
    String stage = "reader";
    try {
      Schema reader = parse(request.get("reader"), request.get("references"));
      stage = "writer";
      Schema writer = parse(request.get("writer"), request.get("references"));
      stage = "check";
      SchemaCompatibilityResult compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
      result.put("compatible", compatibility.getCompatibility() == SchemaCompatibilityType.COMPATIBLE);
      ArrayNode incompatibilities = result.putArray("incompatibilities");
      for (Incompatibility incompatibility : compatibility.getIncompatibilities()) {
        ObjectNode entry = incompatibilities.addObject();
        entry.put("kind", incompatibility.getType().name());
        entry.put("location", incompatibility.getLocation());
        entry.put("message", incompatibility.getMessage());
      }
    } catch (RuntimeException e) {
      result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      result.put("stage", stage);
    }
    return result;
  }

  private static Schema parse(JsonNode schema, JsonNode references) {
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
    if (references != null) {
      for (JsonNode reference : references) {
        parser.parse(reference.toString());
      }
    }
    return parser.parse(schema.toString());
  }

  private static void bench(Path fixture, double seconds) throws IOException {
    List<String[]> texts = new ArrayList<>();
    for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode pair = MAPPER.readTree(line);
      texts.add(new String[] {pair.get("reader").toString(), pair.get("writer").toString()});
    }
    List<Schema[]> pairs = new ArrayList<>();
    List<String[]> parsable = new ArrayList<>();
    for (String[] text : texts) {
      try {
        pairs.add(new Schema[] {parseText(text[0]), parseText(text[1])});
        parsable.add(text);
      } catch (RuntimeException e) {
        // A pair Avro refuses to parse is not a compatibility check: leave it out of the timing.
      }
    }
    texts = parsable;
    long sink = 0;
    // Warm-up: let the JIT compile the checker and the parser before anything is timed.
    long warmUpEnd = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < warmUpEnd) {
      for (Schema[] pair : pairs) {
        sink += checkCount(pair[0], pair[1]);
      }
      for (int i = 0; i < Math.min(texts.size(), 2000); i++) {
        sink += parseText(texts.get(i)[0]).hashCode();
      }
    }
    // The machine is shared: time several windows and report the median and the best of them.
    double[] checkRates = new double[WINDOWS];
    double[] parseCheckRates = new double[WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
      long checked = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9 / WINDOWS);
      long now;
      do {
        for (Schema[] pair : pairs) {
          sink += checkCount(pair[0], pair[1]);
        }
        checked += pairs.size();
        now = System.nanoTime();
      } while (now < end);
      checkRates[w] = checked / ((now - start) / 1e9);

      long parsedAndChecked = 0;
      start = System.nanoTime();
      end = start + (long) (seconds * 1e9 / WINDOWS);
      do {
        for (String[] text : texts) {
          sink += checkCount(parseText(text[0]), parseText(text[1]));
        }
        parsedAndChecked += texts.size();
        now = System.nanoTime();
      } while (now < end);
      parseCheckRates[w] = parsedAndChecked / ((now - start) / 1e9);
    }
    Arrays.sort(checkRates);
    Arrays.sort(parseCheckRates);

    ObjectNode result = MAPPER.createObjectNode();
    result.put("avroVersion", avroVersion());
    result.put("pairs", pairs.size());
    result.put("windows", WINDOWS);
    result.put("checkPairsPerSecond", Math.round(checkRates[WINDOWS / 2]));
    result.put("checkPairsPerSecondBest", Math.round(checkRates[WINDOWS - 1]));
    result.put("parseAndCheckPairsPerSecond", Math.round(parseCheckRates[WINDOWS / 2]));
    result.put("parseAndCheckPairsPerSecondBest", Math.round(parseCheckRates[WINDOWS - 1]));
    result.put("sink", sink);
    System.out.println(MAPPER.writeValueAsString(result));
  }

  /** The Avro version on the class path, from the Maven metadata the shaded jar keeps. */
  private static String avroVersion() throws IOException {
    try (var in = Schema.class.getResourceAsStream("/META-INF/maven/org.apache.avro/avro/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    }
  }

  private static Schema parseText(String text) {
    return new Schema.Parser().setValidateDefaults(false).parse(text);
  }

  private static int checkCount(Schema reader, Schema writer) {
    try {
      return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
          .getResult()
          .getIncompatibilities()
          .size();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
