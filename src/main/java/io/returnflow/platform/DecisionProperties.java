package io.returnflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the engine evaluates the decision tables ({@code returnflow.decisions.*}, read by {@link DecisionConfiguration}).
 *
 * @param feelCacheSize how many distinct FEEL texts (input expressions, input entries, output entries of every
 *                      deployed version of every table) the engine keeps parsed; the least recently used one
 *                      is parsed again when asked for once more than this many are known
 */
@ConfigurationProperties("returnflow.decisions")
record DecisionProperties(int feelCacheSize) {

    public DecisionProperties {
        if (feelCacheSize < 1) {
            throw new IllegalArgumentException("returnflow.decisions.feel-cache-size must be at least 1");
        }
    }
}
