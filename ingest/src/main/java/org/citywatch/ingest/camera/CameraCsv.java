package org.citywatch.ingest.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The CSV form of the camera list: a header row naming the columns (any order, the names of
 * {@link CameraList}), one camera per row, tags separated by {@code ;} or {@code |} inside their cell,
 * values with commas in double quotes, {@code #} comment lines and blank lines allowed.
 *
 * <pre>
 * id,name,url,subStreamUrl,kind,district,ward,latitude,longitude,tags
 * cam-001,"Ben Thanh, north gate",rtsp://u:p@10.0.0.5/1,rtsp://u:p@10.0.0.5/2,traffic,District 1,Ben Thanh,10.7721,106.6983,junction;school
 * </pre>
 *
 * The parser is walked token by token (rather than bound row by row) for two reasons: each row's error
 * names the line the row starts on, and a row Jackson rejects (too many fields) is skipped while the
 * parser carries on with the next one.
 */
final class CameraCsv {

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema HEADER = CsvSchema.emptySchema().withHeader().withComments();

    private CameraCsv() {
    }

    /**
     * @throws IOException when the text is not a camera list at all: no header, a required column missing,
     *                     a column twice, or a quote that is never closed (the rest of the file would be
     *                     swallowed into one value, so none of it can be trusted)
     */
    static CameraList parse(String text) throws IOException {
        CameraList.Collector out = new CameraList.Collector();
        try (CsvParser p = (CsvParser) MAPPER.getFactory().createParser(text)) {
            p.setSchema(HEADER);
            p.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            p.enable(CsvParser.Feature.TRIM_SPACES);
            // Otherwise one surplus empty field is dropped silently, and a row split by an unquoted comma
            // (a password with a comma in it) could load with its fields shifted.
            p.disable(CsvParser.Feature.ALLOW_TRAILING_COMMA);
            Map<String, String> columns = null; // header name as written -> field; null until the header is read
            Map<String, String> row = null;
            int rowLine = -1;
            long lastErrorOffset = Long.MIN_VALUE;
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (JsonProcessingException e) {
                    if (columns == null) {
                        throw new IOException("the CSV camera list has no usable header row ("
                                + String.join(",", CameraFields.ALL) + "): "
                                + Redaction.text(CameraList.firstLine(e.getOriginalMessage())));
                    }
                    int line = rowLine > 0 ? rowLine : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
                    if (message.contains("closing quote")) {
                        throw new IOException("line " + line + ": a quoted value is never closed; the list was not read");
                    }
                    long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
                    if (offset == lastErrorOffset) {
                        throw new IOException("line " + line + ": the CSV cannot be read past this line");
                    }
                    lastErrorOffset = offset;
                    if (message.startsWith("Too many entries")) {
                        // Jackson's message quotes the surplus value, which may be a piece of a password.
                        message = "has more fields than the header (" + (columns == null ? "?" : columns.size())
                                + "); quote values that contain commas";
                    }
                    out.error(label(line, row), message);
                    row = null;
                    continue;
                }
                if (t == null) {
                    break;
                }
                switch (t) {
                    case START_OBJECT -> {
                        if (columns == null) {
                            columns = columns(p.getSchema(), out);
                        }
                        row = new HashMap<>();
                        rowLine = -1;
                    }
                    case VALUE_STRING -> {
                        if (row != null) {
                            if (rowLine < 0) {
                                rowLine = p.currentTokenLocation().getLineNr();
                            }
                            String field = columns.get(p.currentName());
                            if (field != null) {
                                row.put(field, p.getText());
                            }
                        }
                    }
                    case END_OBJECT -> {
                        if (row != null && !blank(row)) {
                            String label = label(rowLine, row);
                            try {
                                out.add(label, CameraFields.toCamera(row, CameraFields.splitTags(row.get(CameraFields.TAGS))));
                            } catch (RuntimeException e) {
                                out.error(label, e.getMessage());
                            }
                        }
                        row = null;
                        rowLine = -1;
                    }
                    default -> {
                        // FIELD_NAME: the column name is read from the value token instead.
                    }
                }
            }
            if (columns == null) {
                columns(p.getSchema(), out); // a header with no rows is an empty list; no header is an error
            }
        } catch (JsonProcessingException e) {
            throw new IOException("not a readable CSV: " + Redaction.text(CameraList.firstLine(e.getOriginalMessage())));
        }
        return out.toList();
    }

    /** Maps the header's names to fields; unknown columns are reported once and ignored. */
    private static Map<String, String> columns(CsvSchema schema, CameraList.Collector out) throws IOException {
        if (schema.size() == 0) {
            throw new IOException("the CSV camera list is empty: it needs a header row ("
                    + String.join(",", CameraFields.ALL) + ")");
        }
        Map<String, String> columns = new HashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (CsvSchema.Column c : schema) {
            String written = c.getName();
            if (written.isBlank()) {
                continue; // a trailing comma on the header row
            }
            var field = CameraFields.canonical(written);
            if (field.isEmpty()) {
                out.errors.add(Redaction.text("header: column '" + written + "' is not a camera field and is ignored (known: "
                        + String.join(", ", CameraFields.ALL) + ")"));
                continue;
            }
            String before = seen.put(field.get(), written);
            if (before != null) {
                throw new IOException("header: columns '" + before + "' and '" + written + "' are both " + field.get());
            }
            columns.put(written, field.get());
        }
        for (String required : CameraFields.REQUIRED) {
            if (!seen.containsKey(required)) {
                throw new IOException("header: no '" + required + "' column; the header needs at least "
                        + String.join(", ", CameraFields.REQUIRED));
            }
        }
        return columns;
    }

    private static boolean blank(Map<String, String> row) {
        for (String v : row.values()) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String label(int line, Map<String, String> row) {
        String id = row == null ? null : row.get(CameraFields.ID);
        return "line " + line + (id == null || id.isBlank() ? "" : " (id " + id.strip() + ")");
    }
}
