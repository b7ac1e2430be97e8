package io.returnflow.selfservice;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The buyer's page is served at {@code /returns/} (static files under {@code static/returns/}). */
@Configuration
class BuyerPageConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/returns", "/returns/");
        registry.addViewController("/returns/").setViewName("forward:/returns/index.html");
    }
}
