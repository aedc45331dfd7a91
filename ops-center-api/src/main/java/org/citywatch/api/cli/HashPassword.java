package org.citywatch.api.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.citywatch.api.auth.PasswordHasher;
import picocli.CommandLine.Command;

/**
 * {@code citywatch hash-password}: reads a password (typed twice without echo on a terminal, else the first line of
 * stdin) and prints its hash for {@code security.users[].passwordHash}. Never takes the password as an argument:
 * arguments end up in shell history and in {@code ps}.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Print the salted PBKDF2 hash of a password, for security.users[].passwordHash.",
                "Reads the password from the terminal (twice, not shown) or from the first line of stdin:",
                "  ./citywatch hash-password",
                "  printf '%%s\\n' \"$PASSWORD\" | ./citywatch hash-password"})
final class HashPassword implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        char[] password = read();
        if (password == null || password.length == 0) {
            System.err.println("citywatch: no password given");
            return 1;
        }
        try {
            System.out.println(PasswordHasher.hash(password));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("citywatch: " + e.getMessage());
            return 1;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * On JDK 21 a console exists only for a terminal; from JDK 22 one always exists and says whether it is one
     * ({@code isTerminal}, looked up so that this compiles for 21).
     */
    private static boolean interactive(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (interactive(console)) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again:    ");
            if (first == null || !Arrays.equals(first, again)) {
                System.err.println("citywatch: the two passwords differ");
                return null;
            }
            Arrays.fill(again, '\0');
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? null : line.toCharArray();
    }
}
