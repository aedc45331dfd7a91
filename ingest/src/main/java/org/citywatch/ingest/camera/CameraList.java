package org.citywatch.ingest.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The city's camera list, read from YAML or CSV. Entries are read one by one: a malformed entry is
 * reported (entry number or line, and its id where it has one; never a credential) and left out, and never
 * stops the others from loading. When an id appears twice the first entry wins and the later is reported.
 *
 * <pre>
 * cameras:
 *   - id: cam-001
 *     name: Ben Thanh roundabout
 *     url: rtsp://user:pass@10.0.0.5/stream1
 *     subStreamUrl: rtsp://user:pass@10.0.0.5/stream2   # optional; analytics reads it when given
 *     kind: traffic            # traffic | ward
 *     district: District 1
 *     ward: Ben Thanh
 *     latitude: 10.7721
 *     longitude: 106.6983
 *     tags: [junction, school]  # or "junction, school"
 * </pre>
 *
 * The CSV form has a header row with the same names in any order ({@link CameraCsv}).
 *
 * @param cameras the valid cameras, in file order
 * @param errors  one line per rejected entry (or ignored CSV column)
 */
public record CameraList(List<Camera> cameras, List<String> errors) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> SCENE_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    /** How a list file is written, told by its extension. */
    public enum Format {
        YAML, CSV;

        public static Format of(Path file) throws IOException {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YAML;
            }
            throw new IOException("camera list " + file.getFileName() + " must end in .csv, .yaml or .yml");
        }
    }

    public CameraList {
        cameras = List.copyOf(cameras);
        errors = List.copyOf(errors);
    }

    /**
     * Reads a list file: {@code .csv}, or {@code .yaml}/{@code .yml} whose top level has a {@code cameras:}
     * list.
     *
     * @throws IOException when the file cannot be read or is not a camera list at all (then nothing of it
     *                     should be used); a bad entry is never thrown, it is in {@link #errors()}
     */
    public static CameraList read(Path file) throws IOException {
        Format format = Format.of(file);
        return parse(decode(Files.readAllBytes(file)), format);
    }

    /** The file's text: UTF-8 (a leading byte-order mark, as spreadsheets write, is dropped). */
    static String decode(byte[] bytes) throws IOException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new IOException("the camera list is not UTF-8 text; save it as UTF-8");
        }
    }

    /** Like {@link #read(Path)}, from text already in memory (the watcher hashes and parses the same bytes). */
    public static CameraList parse(String text, Format format) throws IOException {
        if (format == Format.CSV) {
            return CameraCsv.parse(text);
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IOException("not valid YAML" + where + ": " + Redaction.text(firstLine(e.getOriginalMessage())));
        }
        if (root != null && root.isArray()) {
            return fromNode(root);
        }
        if (root == null || !root.isObject() || !root.has("cameras")) {
            throw new IOException("the camera list has no 'cameras:' list");
        }
        if (!root.get("cameras").isArray()) {
            throw new IOException("'cameras' must be a list");
        }
        return fromNode(root.get("cameras"));
    }

    /** Reads a list of camera entries (a YAML or JSON array), e.g. inline in the application config. */
    public static CameraList fromNode(JsonNode array) {
        Collector out = new Collector();
        if (array == null || !array.isArray()) {
            out.errors.add("'cameras' must be a list");
            return out.toList();
        }
        int index = 0;
        for (JsonNode node : array) {
            index++;
            String id = node.isObject() && node.path("id").isValueNode() ? node.path("id").asText() : null;
            String label = "camera #" + index + (id != null ? " (id " + id + ")" : "");
            try {
                out.add(label, yamlEntry(node));
            } catch (RuntimeException e) {
                out.error(label, e.getMessage());
            }
        }
        return out.toList();
    }

    private static Camera yamlEntry(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("an entry must be a mapping of id, url, latitude, ...");
        }
        Map<String, String> fields = new HashMap<>();
        List<String> tags = List.of();
        Map<String, Object> scene = Map.of();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = CameraFields.canonical(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown field '" + e.getKey() + "' (known: " + String.join(", ", CameraFields.ALL) + ")"));
            JsonNode value = e.getValue();
            if (field.equals(CameraFields.SCENE)) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException("scene must be a mapping of zones, lines and rules");
                }
                scene = YAML.convertValue(value, SCENE_TYPE);
            } else if (field.equals(CameraFields.TAGS) && value.isArray()) {
                tags = new ArrayList<>();
                for (JsonNode t : value) {
                    tags.add(t.asText());
                }
            } else if (field.equals(CameraFields.TAGS) && !value.isValueNode()) {
                throw new IllegalArgumentException("tags must be a list or a comma-separated text");
            } else if (field.equals(CameraFields.TAGS)) {
                tags = CameraFields.splitTags(value.isNull() ? null : value.asText());
            } else if (!value.isValueNode()) {
                throw new IllegalArgumentException("field '" + e.getKey() + "' must be a single value");
            } else if (!value.isNull()) {
                fields.put(field, value.asText());
            }
        }
        return CameraFields.toCamera(fields, tags, scene);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "invalid entry";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Gathers cameras and errors for one list: first id wins, every error redacted. */
    static final class Collector {
        final List<Camera> cameras = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();

        void add(String label, Camera camera) {
            if (ids.add(camera.id())) {
                cameras.add(camera);
            } else {
                errors.add(label + ": duplicate id, entry ignored (the first entry with this id is used)");
            }
        }

        void error(String label, String message) {
            errors.add(Redaction.text(label + ": " + firstLine(message)));
        }

        CameraList toList() {
            return new CameraList(cameras, errors);
        }
    }
}
