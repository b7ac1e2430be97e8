package io.returnflow.platform;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * The engine's Basic filter for {@code /engine-rest}, without its one open door: the stock filter
 * lets {@code /engine-rest/engine} (the list of engines) through unauthenticated. Here every
 * engine REST call needs credentials.
 */
class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
        return true;
    }
}
