package io.returnflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.util.DigestUtils;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The house style both pages link before their own stylesheet, the clerk's page {@code /store/} and the buyer's
 * page {@code /returns/}: {@value #PATH}{@code house.css} (static files under {@code static/ui/}). It holds nothing
 * of anyone's, so it is public: {@link SecurityConfig}'s general chain serves it, no log-in, no session. The buyer's
 * page's Content-Security-Policy ({@code style-src 'self'}, {@link ReturnPageSecurity}) allows it as the page's own
 * origin's; the clerk's page sets none.
 *
 * <p>Browsers keep it but ask again each time ({@code Cache-Control: no-cache}), answered {@code 304} while its
 * content is the same ({@code ETag} of the content, never the file's date): its name stays the same across releases,
 * so a page never puts a new release's stylesheet of its own over an old house style.
 */
@Configuration
class HouseStyleConfiguration implements WebMvcConfigurer {

    /** Where the house style is served. */
    static final String PATH = "/ui/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATH + "**")
                .addResourceLocations("classpath:/static" + PATH)
                .setCacheControl(CacheControl.noCache())
                .setUseLastModified(false)
                .setEtagGenerator(HouseStyleConfiguration::contentTag);
    }

    private static String contentTag(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return "\"" + DigestUtils.md5DigestAsHex(in) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
