package io.returnflow.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * The machine's headless Chromium for browser tests: Debian's {@code chromium} and {@code chromedriver}
 * (installed by {@code .ci/run}), never a browser or driver downloaded at run time, with a throw-away
 * profile.
 *
 * <p>Without chromium and chromedriver a browser test is skipped on a developer's machine (a Java build
 * should not need a browser) but fails where {@code RETURNFLOW_BROWSER_TESTS=required} (CI), so that a
 * missing browser cannot pass unnoticed. Start the browser in {@code @BeforeAll}, before the application
 * boots, so that a skipped test costs no boot.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Set to {@code required} to fail, instead of skip, a browser test when no browser is installed. */
    public static final String REQUIRED_ENV = "RETURNFLOW_BROWSER_TESTS";
    /** System property naming where screenshots go (set by the POM for surefire). */
    public static final String SCREENSHOTS_DIR = "returnflow.screenshots.dir";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts headless Chromium, or skips (aborts) the calling test class when it is missing and not
     * required.
     *
     * @param who       what needs the browser, for the message when it is missing (e.g. "The clerk's page test")
     * @param arguments   extra command-line arguments (window size, language)
     * @param environment the browser's environment, e.g. {@code TZ} for the time zone its pages see
     * @param configure   further options (preferences, device emulation); may be {@code null}
     */
    public static HeadlessChromium start(String who, List<String> arguments, Map<String, String> environment,
                                         Consumer<ChromeOptions> configure) {
        Optional<Path> chromium = executable("chromium", "chromium-browser");
        Optional<Path> chromedriver = executable("chromedriver")
                .or(() -> Optional.of(Path.of("/usr/lib/chromium/chromedriver")).filter(Files::isExecutable));
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String missing = who + " needs Debian's chromium and chromedriver on the PATH (found browser: "
                    + chromium.map(Path::toString).orElse("none") + ", driver: "
                    + chromedriver.map(Path::toString).orElse("none") + "); install them with"
                    + " 'apt-get install chromium chromium-driver'";
            if ("required".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
                fail(missing + " (" + REQUIRED_ENV + "=required)");
            }
            Assumptions.abort(missing + "; skipped (set " + REQUIRED_ENV + "=required to fail instead)");
        }
        // both paths given explicitly: Selenium Manager never looks for (or downloads) a driver or browser
        System.setProperty("webdriver.chrome.driver", chromedriver.get().toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("returnflow-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        options.addArguments(arguments);
        if (configure != null) {
            configure.accept(options);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .withEnvironment(environment)
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Waits until the condition holds (not null, not false); an element read mid-redraw is looked up again. */
    public <T> T waitFor(Duration timeout, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Saves what the browser shows now under {@value #SCREENSHOTS_DIR} and checks that it is a real PNG image. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty(SCREENSHOTS_DIR, "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));

            byte[] written = Files.readAllBytes(file);
            assertThat(written.length).as("size of %s", file).isGreaterThan(PNG_SIGNATURE.length);
            assertThat(Arrays.copyOf(written, PNG_SIGNATURE.length)).as("PNG signature of %s", file)
                    .isEqualTo(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(written));
            assertThat(image).as("decoded %s", file).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(0);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    /** The first of the names found executable on the PATH (or in /usr/bin). */
    private static Optional<Path> executable(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
