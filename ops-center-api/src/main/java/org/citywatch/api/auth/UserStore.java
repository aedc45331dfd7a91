package org.citywatch.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of this server: from {@code security.users}, or from {@code security.usersFile} once that exists.
 * Admins change them at run time; each change is kept in memory and, with a users file, written to it atomically
 * (a new file renamed over the old one, so a crash leaves the old or the new list, never half of one). The file
 * is readable by its owner only: it holds hashes. Thread-safe.
 */
public final class UserStore {

    private static final Logger log = LoggerFactory.getLogger(UserStore.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, User> users = new LinkedHashMap<>(); // guarded by this
    private final Optional<Path> file;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Hears each change of a user, after it is made. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called on the changing thread, in the order of the changes; must not block.
         *
         * @param before the user before (empty: created)
         * @param after  the user now (empty: removed)
         */
        void changed(String name, Optional<User> before, Optional<User> after);
    }

    private UserStore(List<User> initial, Optional<Path> file) {
        for (User u : initial) {
            if (users.putIfAbsent(u.name(), u) != null) {
                throw new IllegalArgumentException("user " + u.name() + " is listed twice");
            }
        }
        this.file = file;
    }

    /**
     * The users of a configuration: the users file's when it exists (then {@code security.users} is ignored, with a
     * warning), else {@code security.users}.
     *
     * @throws IllegalArgumentException when the users file is malformed (which entry, why; never a hash)
     */
    public static UserStore open(SecuritySettings settings) throws IOException {
        Optional<Path> file = settings.usersFile();
        if (file.isPresent() && Files.exists(file.get())) {
            List<User> fromFile = read(file.get());
            if (!settings.users().isEmpty()) {
                log.warn("security.users is ignored: {} exists and holds the users ({}); delete it to start again "
                        + "from the configuration", file.get(), fromFile.size());
            }
            return new UserStore(fromFile, file);
        }
        return new UserStore(settings.users(), file);
    }

    public synchronized Optional<User> find(String name) {
        return Optional.ofNullable(name == null ? null : users.get(name));
    }

    /** Every user, by name. */
    public synchronized List<User> list() {
        List<User> out = new ArrayList<>(users.values());
        out.sort(java.util.Comparator.comparing(User::name));
        return out;
    }

    public synchronized boolean isEmpty() {
        return users.isEmpty();
    }

    /** Adds a listener of changes made from now on (the live push ends the streams of a removed or changed user). */
    public void onChange(Listener listener) {
        listeners.add(listener);
    }

    private void changed(String name, Optional<User> before, Optional<User> after) {
        for (Listener l : listeners) {
            try {
                l.changed(name, before, after);
            } catch (RuntimeException e) {
                log.error("A listener of user changes failed on {}", name, e);
            }
        }
    }

    /**
     * Adds or replaces a user.
     *
     * @return true when the user is new
     * @throws IllegalStateException when it would leave no admin (nobody could manage users any more)
     * @throws IOException when the users file cannot be written (then nothing changed)
     */
    public synchronized boolean put(User user) throws IOException {
        Map<String, User> next = new LinkedHashMap<>(users);
        Optional<User> before = Optional.ofNullable(next.put(user.name(), user));
        commit(next);
        changed(user.name(), before, Optional.of(user));
        return before.isEmpty();
    }

    /**
     * Removes a user.
     *
     * @return false when there is no such user
     * @throws IllegalStateException when it is the last admin
     */
    public synchronized boolean remove(String name) throws IOException {
        if (!users.containsKey(name)) {
            return false;
        }
        Map<String, User> next = new LinkedHashMap<>(users);
        Optional<User> before = Optional.ofNullable(next.remove(name));
        commit(next);
        changed(name, before, Optional.empty());
        return true;
    }

    private void commit(Map<String, User> next) throws IOException {
        boolean hadAdmin = users.values().stream().anyMatch(u -> u.role() == Role.ADMIN);
        if (hadAdmin && next.values().stream().noneMatch(u -> u.role() == Role.ADMIN)) {
            throw new IllegalStateException("the last admin cannot be removed or demoted: nobody could manage users");
        }
        if (file.isPresent()) {
            write(file.get(), next.values());
        }
        users.clear();
        users.putAll(next);
    }

    static List<User> read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        JsonNode list = root == null ? null : root.path("users");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("users file " + file + " must have a 'users:' list");
        }
        List<User> out = new ArrayList<>();
        int index = 0;
        for (JsonNode n : list) {
            index++;
            try {
                out.add(new User(n.path("name").asText(null), Role.parse(n.path("role").asText(null)),
                        n.path("passwordHash").asText(null)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("users file " + file + ", user #" + index + ": " + e.getMessage());
            }
        }
        return out;
    }

    static void write(Path file, java.util.Collection<User> users) throws IOException {
        ObjectNode root = YAML.createObjectNode();
        ArrayNode list = root.putArray("users");
        for (User u : users) {
            list.addObject().put("name", u.name()).put("role", u.role().wireName()).put("passwordHash", u.passwordHash());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            restrict(tmp);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(("# CityWatch users: written by the server when an admin changes users; hashes, keep private\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                YAML.writeValue(out, root);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // on disk before the rename makes it the users file
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("cannot restrict {} to its owner: {}", p, e.toString());
        }
    }
}
