// CheckReport.java — send annual reports to `compliance serve` and print the result.
//
// Java 17, java.net.http only (no libraries).  See docs/server.md.
//
//   javac -d out docs/examples/java/CheckReport.java
//   java -cp out CheckReport examples/2021-county-blank-cells.html examples/2021-county-bureau.md
//   java docs/examples/java/CheckReport.java --published-on 2022-01-30 --issuer-kind department 报告.pdf
//
// Options (each also as --name=value): --ruleset NAME, --published-on YYYY-MM-DD,
// --issuer-kind department|government|township|other.  The server is http://127.0.0.1:8000
// unless the environment variable COMPLIANCE_URL names another base URL.
//
// Prints the HTTP status, the X-Compliance-Exit-Code header and the body (the JSON of
// `compliance check --format json`, or a problem+json error).  Exit code: 0 when the status is
// 200 and the header is 0 (no error finding), 1 when 200 and 1, 2 for anything else.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class CheckReport {

    private static final Map<String, String> OPTIONS = Map.of(
            "--ruleset", "ruleset",
            "--published-on", "published_on",
            "--issuer-kind", "issuer_kind");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (OPTIONS.containsKey(name)) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    System.err.println("CheckReport: " + name + " needs a value");
                    return 2;
                }
                fields.put(OPTIONS.get(name), value);
            } else if (arg.startsWith("--")) {
                System.err.println("CheckReport: unknown option " + arg);
                return 2;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: java CheckReport [--ruleset NAME] [--published-on YYYY-MM-DD] "
                    + "[--issuer-kind KIND] FILE...");
            return 2;
        }

        String base = System.getenv().getOrDefault("COMPLIANCE_URL", "http://127.0.0.1:8000");
        URI uri = URI.create(base.replaceAll("/+$", "") + "/v1/check");
        String boundary = "----compliance-" + UUID.randomUUID();
        try {
            byte[] body = multipart(boundary, fields, files);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(10)) // above the server's --report-timeout
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String exitHeader = response.headers().firstValue("X-Compliance-Exit-Code").orElse("");
            System.out.println("HTTP " + response.statusCode());
            System.out.println("X-Compliance-Exit-Code: " + exitHeader);
            System.out.println();
            System.out.write(response.body()); // UTF-8 JSON, written as it came
            System.out.println();
            System.out.flush();
            if (response.statusCode() == 200 && exitHeader.equals("0")) {
                return 0;
            }
            if (response.statusCode() == 200 && exitHeader.equals("1")) {
                return 1;
            }
            return 2;
        } catch (IOException e) {
            System.err.println("CheckReport: " + uri + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** A multipart/form-data body: the text fields, then one part named "files" per file. */
    static byte[] multipart(String boundary, Map<String, String> fields, List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(out, "--" + boundary + "\r\n");
            write(out, "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n");
            write(out, "Content-Type: text/plain; charset=utf-8\r\n\r\n");
            write(out, field.getValue() + "\r\n");
        }
        for (Path file : files) {
            write(out, "--" + boundary + "\r\n");
            write(out, "Content-Disposition: form-data; name=\"files\"; filename=\""
                    + quoted(file.getFileName().toString()) + "\"\r\n");
            write(out, "Content-Type: application/octet-stream\r\n\r\n");
            out.write(Files.readAllBytes(file));
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    /** A file name inside a quoted header parameter, as browsers send it (UTF-8, " and CR LF escaped). */
    private static String quoted(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
