package io.returnflow.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start when one job's calls to other systems may outlast its lock. The engine locks a job for
 * {@code camunda.bpm.job-execution.lock-time-in-millis} when a node acquires it; a job still running when the lock
 * expires is acquired and run again by another node, and the lock time is also what a dead node's jobs wait
 * before another node takes them (README, "A node that dies: job lock and call timeouts"). So the lock is kept
 * short, and every call a job makes must end well before it.
 *
 * <p>The worst case of one job: for every HTTP client in {@code returnflow.jobs.call-budget.clients},
 * (connect timeout + read timeout) × attempts × calls per job, summed over the clients (a job may call any of them,
 * so the sum is the safe bound); a client declared {@code separate-jobs} (only jobs that call nothing else call it)
 * is a job of its own: its worst case is compared alone, not added to the sum. The timeouts are the Feign client's own configuration
 * ({@code spring.cloud.openfeign.client.config.<name>}, else its default config, else Feign's defaults of 10 s and
 * 60 s), so the check reads what the calls will use. The sum may take at most {@code max-share-of-lock} of the lock
 * time. Every Feign client of the application must be listed: a client nobody accounted for is refused too.
 *
 * <p>A bean factory post-processor, so that it runs before any bean is made, the engine included.
 */
@Component
public class JobCallBudgetCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String LOCK_TIME = "camunda.bpm.job-execution.lock-time-in-millis";
    static final String BUDGET = "returnflow.jobs.call-budget";
    static final String FEIGN_CONFIG = "spring.cloud.openfeign.client.config";
    static final String FEIGN_DEFAULT_CONFIG = "spring.cloud.openfeign.client.default-config";
    /** Camunda's own default when the lock time is not configured. */
    static final Duration ENGINE_DEFAULT_LOCK_TIME = Duration.ofMinutes(5);
    /** What Feign waits when a client has no timeouts configured ({@code feign.Request.Options}). */
    static final Duration FEIGN_DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FEIGN_DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    // Spring Cloud OpenFeign names the interface of each client's bean definition in this attribute
    private static final String OBJECT_TYPE = FactoryBean.OBJECT_TYPE_ATTRIBUTE;

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Binder binder = Binder.get(environment);
        JobCallBudgetProperties budget = binder.bind(BUDGET, JobCallBudgetProperties.class)
                .orElseGet(() -> new JobCallBudgetProperties(0.5, Map.of()));
        Duration lockTime = binder.bind(LOCK_TIME, Long.class).map(Duration::ofMillis).orElse(ENGINE_DEFAULT_LOCK_TIME);
        List<String> problems = new ArrayList<>();
        for (String client : feignClients(beanFactory)) {
            if (!budget.clients().containsKey(client)) {
                problems.add("the HTTP client " + client + " is missing from " + BUDGET + ".clients: declare how often "
                        + "one job calls it (calls-per-job, attempts)");
            }
        }
        problems.addAll(check(budget, lockTime, client -> timeouts(binder, client)));
        if (!problems.isEmpty()) {
            throw new JobsMayOutlastTheirLock(List.of(environment.getActiveProfiles()), problems);
        }
    }

    /** A client's timeouts as its calls use them. */
    record Timeouts(Duration connect, Duration read) {
        Duration perAttempt() {
            return connect.plus(read);
        }
    }

    /**
     * The rule itself: what is wrong with this budget for this lock time (nothing: fits).
     *
     * @param timeouts a client's timeouts by its name
     */
    static List<String> check(JobCallBudgetProperties budget, Duration lockTime,
                              java.util.function.Function<String, Timeouts> timeouts) {
        Duration allowed = Duration.ofMillis((long) (lockTime.toMillis() * budget.maxShareOfLock()));
        Duration worst = Duration.ZERO;
        List<String> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JobCallBudgetProperties.Client> entry : new TreeMap<>(budget.clients()).entrySet()) {
            Timeouts t = timeouts.apply(entry.getKey());
            JobCallBudgetProperties.Client client = entry.getValue();
            Duration clientWorst = t.perAttempt().multipliedBy((long) client.attempts() * client.callsPerJob());
            String part = entry.getKey() + " (" + millis(t.connect()) + " connect + " + millis(t.read()) + " read) × "
                    + client.attempts() + " attempts × " + client.callsPerJob() + " calls = " + millis(clientWorst);
            if (client.separateJobs()) {
                if (clientWorst.compareTo(allowed) > 0) {
                    problems.add(tooLong(clientWorst, part, budget, lockTime, allowed));
                }
            } else {
                worst = worst.plus(clientWorst);
                parts.add(part);
            }
        }
        if (worst.compareTo(allowed) > 0) {
            problems.add(0, tooLong(worst, String.join(", ", parts), budget, lockTime, allowed));
        }
        return List.copyOf(problems);
    }

    private static String tooLong(Duration worst, String parts, JobCallBudgetProperties budget, Duration lockTime,
                                  Duration allowed) {
        return "one job's external calls may take " + millis(worst) + " (" + parts + "), more than "
                + budget.maxShareOfLock() + " of the job lock time " + LOCK_TIME + " = " + millis(lockTime) + " ("
                + millis(allowed) + "; " + BUDGET + ".max-share-of-lock): lower the timeouts at " + FEIGN_CONFIG
                + ".<client> or raise the lock time";
    }

    /** The timeouts Spring Cloud OpenFeign gives the client: its own, else the default config's, else Feign's. */
    static Timeouts timeouts(Binder binder, String client) {
        String defaultConfig = binder.bind(FEIGN_DEFAULT_CONFIG, String.class).orElse("default");
        return new Timeouts(
                timeout(binder, client, defaultConfig, "connect-timeout").orElse(FEIGN_DEFAULT_CONNECT_TIMEOUT),
                timeout(binder, client, defaultConfig, "read-timeout").orElse(FEIGN_DEFAULT_READ_TIMEOUT));
    }

    private static Optional<Duration> timeout(Binder binder, String client, String defaultConfig, String name) {
        Bindable<Integer> millis = Bindable.of(Integer.class);
        for (String config : List.of(client, defaultConfig)) {
            Integer configured = binder.bind(FEIGN_CONFIG + "." + config + "." + name, millis).orElse(null);
            if (configured != null) {
                return Optional.of(Duration.ofMillis(configured));
            }
        }
        return Optional.empty();
    }

    /** The names (config keys) of the application's Feign clients, from their bean definitions. */
    private List<String> feignClients(ConfigurableListableBeanFactory beanFactory) {
        List<String> names = new ArrayList<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
            Object type = definition.getAttribute(OBJECT_TYPE);
            ClassLoader loader = beanFactory.getBeanClassLoader();
            Class<?> clientType = type instanceof Class<?> c ? c
                    : type instanceof String className && ClassUtils.isPresent(className, loader)
                    ? ClassUtils.resolveClassName(className, loader) : null;
            FeignClient feign = clientType == null ? null
                    : AnnotatedElementUtils.findMergedAnnotation(clientType, FeignClient.class);
            if (feign != null) {
                // the client's configuration key: its contextId, else its name
                String key = !feign.contextId().isBlank() ? feign.contextId() : feign.name();
                names.add(environment.resolvePlaceholders(key));
            }
        }
        return names;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** Why the application refused to start; {@link StartupRefusal.Analyzer} reports it. */
    public static final class JobsMayOutlastTheirLock extends StartupRefusal {

        JobsMayOutlastTheirLock(List<String> profiles, List<String> problems) {
            super("A job's calls to other systems may outlast the job's lock", profiles, problems, ACTION);
        }
    }

    static final String ACTION = "Keep every HTTP client a job calls in " + BUDGET + ".clients, with timeouts ("
            + FEIGN_CONFIG + ".<client>.connect-timeout, read-timeout) whose worst case fits well within " + LOCK_TIME
            + ": a job still calling when its lock expires is run again by another node.";
}
