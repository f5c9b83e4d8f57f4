// Reference outputs for src/apigw/payload.rs and src/apigw/jsonpath.rs: what json-smart 2.2 (permissive
// mode, DEFAULT_ORDERED mapper) makes of a payload, and what Jayway JsonPath 2.0.0 reads from it. The
// jars are Debian's (libjson-smart-java, libjsonpath-java), the versions API Gateway's behaviour points
// to (aws-semantics.md §8.4, §9).
//
// Usage (reads a case table, writes it back with Java's answers filled in):
//   CP=/usr/share/java/json-path-2.0.0.jar:/usr/share/java/json-smart.jar:/usr/share/java/accessors-smart.jar:/usr/share/java/asm.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-nop.jar
//   java -cp $CP harness/src/JsonPathCases.java < src/apigw/payload_cases.txt > /tmp/p && mv /tmp/p src/apigw/payload_cases.txt
//   java -cp $CP harness/src/JsonPathCases.java < src/apigw/jsonpath_cases.txt > /tmp/j && mv /tmp/j src/apigw/jsonpath_cases.txt
//
// Table lines (text after the keyword is escaped: backslash-backslash, -n, -r, -t, -u and 4 hex digits; everything else is literal):
//   # comment, blank          copied
//   body TEXT                 a payload: prints `= SIGNATURE`, `> toString()`, `j JSON` (the
//                             LT_COMPRESS writer of $input.json), or `! ExceptionClass: message`
//   doc TEXT                  the document for the `path` lines that follow (parsed as `body` is)
//   path TEXT                 prints `= DEF|IND SIGNATURE` and `> toString()` of JsonPath.read, or
//                             `! compile|read ExceptionClass`
// Lines starting with `=`, `>`, `j`+space or `!` are previous answers: dropped and recomputed.
//
// SIGNATURE names each value's class, containers with their items: `M{Integer,L[String,null]}` is a
// LinkedHashMap holding an Integer and a JSONArray holding a String and null.
//
// Two workarounds for Debian's json-smart 2.2 (2.2-2+deb12u1, with the CVE-2023-1370 patch):
// * The patch counts nesting depth in the parser object and never resets it between documents, so
//   every document gets a new JSONParser.
// * It also forgets to decrement the depth when an object ends with `value }` (only `{}` and `,}`
//   decrement), so one document with more than 400 non-empty objects fails with "Malicious payload,
//   having non natural depths" even when it is flat. Upstream's fix (2.4.9+) counts true nesting;
//   the mapper below restores the depth after every object so that we record that behaviour.

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;

import net.minidev.json.JSONArray;
import net.minidev.json.JSONStyle;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import net.minidev.json.writer.JsonReaderI;

public class JsonPathCases {
    /** DEFAULT_ORDERED (DefaultMapperOrdered), with the parser's depth counter repaired after every object. */
    static final class DepthMapper extends JsonReaderI<Object> {
        private final Object parser;
        private final Field depth;
        private final ArrayDeque<Object[]> open = new ArrayDeque<>();

        DepthMapper(Object parser, Field depth) {
            super(JSONValue.defaultReader);
            this.parser = parser;
            this.depth = depth;
        }

        @Override
        public JsonReaderI<Object> startObject(String key) {
            return this;
        }

        @Override
        public JsonReaderI<Object> startArray(String key) {
            return this;
        }

        // DefaultMapperOrdered's three other methods.
        @Override
        @SuppressWarnings("unchecked")
        public void setValue(Object current, String key, Object value) {
            ((Map<String, Object>) current).put(key, value);
        }

        @Override
        public void addValue(Object current, Object value) {
            ((JSONArray) current).add(value);
        }

        @Override
        public Object createArray() {
            return new JSONArray();
        }

        @Override
        public Object createObject() {
            Object map = new LinkedHashMap<String, Object>();
            try {
                open.push(new Object[] {map, depth.getInt(parser)});
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            return map;
        }

        @Override
        public Object convert(Object current) {
            if (!open.isEmpty() && open.peek()[0] == current) {
                int at = (Integer) open.pop()[1];
                try {
                    depth.setInt(parser, at - 1);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return current;
        }
    }

    /** Parses as JsonSmartJsonProvider does, with a new parser per document (see the header). */
    static Object parse(String text) throws Exception {
        JSONParser parser = new JSONParser(JSONParser.MODE_PERMISSIVE);
        Method getPString = JSONParser.class.getDeclaredMethod("getPString");
        getPString.setAccessible(true);
        Object inner = getPString.invoke(parser);
        Field depth = Class.forName("net.minidev.json.parser.JSONParserBase").getDeclaredField("depth");
        depth.setAccessible(true);
        return parser.parse(text, new DepthMapper(inner, depth));
    }

    /** Jayway's provider with the parse above. */
    static final class Provider extends JsonSmartJsonProvider {
        @Override
        public Object parse(String json) {
            try {
                return JsonPathCases.parse(json);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new com.jayway.jsonpath.InvalidJsonException(e);
            }
        }
    }

    static final Configuration CONF = Configuration.builder()
            .jsonProvider(new Provider())
            .mappingProvider(new JsonSmartMappingProvider())
            .options(EnumSet.noneOf(Option.class))
            .build();

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default: out.append(n);
            }
        }
        return out.toString();
    }

    /** Escapes for one table line. A lone surrogate becomes `?`, as Java writes it in UTF-8. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('?');
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String signature(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map) {
            StringBuilder sb = new StringBuilder(o instanceof LinkedHashMap ? "M{" : o.getClass().getName() + "{");
            boolean first = true;
            for (Object v : ((Map<?, ?>) o).values()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(signature(v));
            }
            return sb.append('}').toString();
        }
        if (o instanceof List) {
            StringBuilder sb = new StringBuilder(o instanceof JSONArray ? "L[" : o.getClass().getName() + "[");
            boolean first = true;
            for (Object v : (List<?>) o) {
                if (!first) sb.append(',');
                first = false;
                sb.append(signature(v));
            }
            return sb.append(']').toString();
        }
        return o.getClass().getSimpleName();
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getName() + (message == null ? "" : ": " + escape(message));
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        Object document = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("=") || line.startsWith(">") || line.startsWith("j ") || line.startsWith("!")) {
                continue;
            }
            out.write(line);
            out.write('\n');
            if (line.startsWith("body ")) {
                try {
                    Object value = parse(unescape(line.substring(5)));
                    out.write("= " + signature(value) + "\n");
                    out.write("> " + escape(String.valueOf(value)) + "\n");
                    out.write("j " + escape(JSONValue.toJSONString(value, JSONStyle.LT_COMPRESS)) + "\n");
                    if (value instanceof Map || value instanceof List) {
                        // The provider's own writer: must agree with the line above.
                        String viaProvider = CONF.jsonProvider().toJson(value);
                        if (!viaProvider.equals(JSONValue.toJSONString(value, JSONStyle.LT_COMPRESS))) {
                            out.write("! toJson differs: " + escape(viaProvider) + "\n");
                        }
                    }
                } catch (ParseException | RuntimeException e) {
                    out.write("! " + describe(e) + "\n");
                }
            } else if (line.startsWith("doc ")) {
                document = parse(unescape(line.substring(4)));
            } else if (line.startsWith("path ")) {
                JsonPath path;
                try {
                    path = JsonPath.compile(unescape(line.substring(5)));
                } catch (RuntimeException e) {
                    out.write("! compile " + e.getClass().getName() + "\n");
                    continue;
                }
                try {
                    Object result = path.read(document, CONF);
                    out.write("= " + (path.isDefinite() ? "DEF " : "IND ") + signature(result) + "\n");
                    out.write("> " + escape(String.valueOf(result)) + "\n");
                } catch (RuntimeException e) {
                    out.write("! read " + e.getClass().getName() + "\n");
                }
            }
        }
        out.flush();
    }
}
