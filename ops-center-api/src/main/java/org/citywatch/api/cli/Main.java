package org.citywatch.api.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.citywatch.api.app.AppConfig;
import org.citywatch.api.app.CityWatchApp;
import org.citywatch.api.auth.DemoUsers;
import org.citywatch.assets.AssetNotFoundException;
import org.citywatch.assets.AssetResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code citywatch} command line: {@code demo}, {@code serve} and {@code hash-password}. ({@code bench} lives in
 * benchmarks/.)
 */
@Command(name = "citywatch", mixinStandardHelpOptions = true, version = "CityWatch 0.1.0",
        description = "Video-analytics command centre for city cameras.",
        subcommands = {Main.Demo.class, Main.Serve.class, HashPassword.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the whole system in one process with four cameras made from the sample clips.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
        int port;

        @Override
        public Integer call() {
            // Security on, as in production: one user per role, fresh random passwords, printed once below.
            DemoUsers demo = DemoUsers.create();
            AppConfig config = AppConfig.demo().withPort(port);
            return runUntilStopped(config.withSecurity(config.security().withUsers(demo.users())), demo);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run with a configuration file.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "YAML configuration file")
        Path config;

        @Option(names = "--port", description = "HTTP port, overriding the file's server.port")
        Integer port;

        @Override
        public Integer call() throws Exception {
            AppConfig cfg = AppConfig.load(config);
            return runUntilStopped(port == null ? cfg : cfg.withPort(port), null);
        }
    }

    private static int runUntilStopped(AppConfig config, DemoUsers demo) {
        CityWatchApp app;
        try {
            app = CityWatchApp.start(config, AssetResolver.fromEnvironment());
        } catch (AssetNotFoundException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("citywatch: cannot start: " + e.getMessage());
            return 1;
        }
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        System.out.println();
        System.out.println("CityWatch is running with " + config.cameras().cameras().size() + " camera(s).");
        System.out.println("Dashboard: http://" + host + ":" + app.port() + "/");
        System.out.println("API:       http://" + host + ":" + app.port() + "/api/cameras   (Ctrl-C to stop)");
        if (demo != null) {
            printDemoUsers(demo, host, app.port());
        } else if (!config.security().enabled()) {
            System.out.println("Security:  OFF (security.enabled: false): anyone who reaches the port may do anything");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Once, on stdout (not only in the log): the demo's users are made afresh at each start. */
    private static void printDemoUsers(DemoUsers demo, String host, int port) {
        System.out.println();
        System.out.println("Demo users (new passwords at every start; sign in on the dashboard or with POST /api/login):");
        System.out.printf("  %-11s %-11s %s%n", "USER", "ROLE", "PASSWORD");
        for (DemoUsers.Credentials c : demo.credentials()) {
            System.out.printf("  %-11s %-11s %s%n", c.name(), c.role().wireName(), c.password());
        }
        DemoUsers.Credentials operator = demo.credentials().get(1);
        System.out.println("For example:");
        System.out.println("  TOKEN=$(curl -s -X POST http://" + host + ":" + port + "/api/login -H 'content-type: "
                + "application/json' -d '{\"user\":\"" + operator.name() + "\",\"password\":\"" + operator.password()
                + "\"}' | sed -E 's/.*\"token\":\"([^\"]+)\".*/\\1/')");
        System.out.println("  curl -s http://" + host + ":" + port + "/api/cameras -H \"Authorization: Bearer $TOKEN\"");
        System.out.println();
    }
}
