package io.returnflow.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The clerk's page is served at {@code /store/} (static files under {@code static/store/}). */
@Configuration
class StorePageConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/store", "/store/");
        registry.addViewController("/store/").setViewName("forward:/store/index.html");
    }
}
