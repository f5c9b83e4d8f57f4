// The reference engine for apigw-vtl's differential tests: Apache Velocity 1.7 (Debian's `velocity`
// package) configured the way API Gateway appears to run it (../shared/reference/velocity-facts.md):
// inline macros not permitted, the `evaluate` directive removed, `#foreach` capped at 1000 loops.
//
// Usage: java -cp ... VtlReference check FILE...        (each file is a raw template)
//        java -cp ... VtlReference check-cases FILE...  (corpus case files: header, a `---` line, template)
// For each file it prints one JSON line: {"file": F, "ok": true} when Velocity parses and initialises
// the template, or {"file": F, "ok": false, "line": L, "column": C, "message": M} when it rejects it.
// Templates are read as UTF-8 bytes, exactly as stored (no newline added or removed).

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.velocity.VelocityContext;
import org.apache.velocity.context.InternalContextAdapterImpl;
import org.apache.velocity.exception.TemplateInitException;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.SimpleNode;

public class VtlReference {
    static RuntimeInstance newEngine() throws Exception {
        RuntimeInstance ri = new RuntimeInstance();
        ri.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        ri.setProperty("velocimacro.permissions.allow.inline", "false");
        ri.setProperty("directive.foreach.maxloops", "1000");
        ri.init();
        ri.removeDirective("evaluate");
        return ri;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String check(RuntimeInstance ri, String name, String text) {
        try {
            SimpleNode root = ri.parse(new StringReader(text), name);
            root.init(new InternalContextAdapterImpl(new VelocityContext()), ri);
            return "{\"file\": " + quote(name) + ", \"ok\": true}";
        } catch (ParseException e) {
            int line = -1, col = -1;
            try {
                java.lang.reflect.Method l = e.getClass().getMethod("getLineNumber");
                java.lang.reflect.Method c = e.getClass().getMethod("getColumnNumber");
                line = (Integer) l.invoke(e);
                col = (Integer) c.invoke(e);
            } catch (Exception ignored) {
                if (e.currentToken != null && e.currentToken.next != null) {
                    line = e.currentToken.next.beginLine;
                    col = e.currentToken.next.beginColumn;
                }
            }
            return failure(name, line, col, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        } catch (TemplateInitException e) {
            return failure(name, e.getLineNumber(), e.getColumnNumber(), "TemplateInitException: " + firstLine(e.getMessage()));
        } catch (Throwable e) {
            return failure(name, -1, -1, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    static String failure(String name, int line, int col, String message) {
        return "{\"file\": " + quote(name) + ", \"ok\": false, \"line\": " + line + ", \"column\": " + col
            + ", \"message\": " + quote(message) + "}";
    }

    // A corpus case is header lines, a line that is exactly `---`, then the template: every byte after
    // that line's newline. A file without such a line is all template.
    static String templateOfCase(String text) {
        int at = 0;
        while (at < text.length()) {
            int nl = text.indexOf('\n', at);
            String line = nl < 0 ? text.substring(at) : text.substring(at, nl);
            if (line.equals("---")) return nl < 0 ? "" : text.substring(nl + 1);
            if (nl < 0) break;
            at = nl + 1;
        }
        return text;
    }

    public static void main(String[] args) throws Exception {
        boolean cases = args.length > 0 && args[0].equals("check-cases");
        if (args.length < 1 || !(cases || args[0].equals("check"))) {
            System.err.println("usage: VtlReference check|check-cases FILE...");
            System.exit(2);
        }
        RuntimeInstance ri = newEngine();
        for (int i = 1; i < args.length; i++) {
            String text = new String(Files.readAllBytes(Paths.get(args[i])), StandardCharsets.UTF_8);
            if (cases) text = templateOfCase(text);
            System.out.println(check(ri, args[i], text));
        }
    }
}
