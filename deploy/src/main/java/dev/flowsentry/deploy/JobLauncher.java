package dev.flowsentry.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry class that gives the detection job its parameters from a file: where a cluster starts
 * the job with fixed arguments (the Flink Kubernetes Operator's {@code spec.job.args}), the
 * parameters live in a mounted ConfigMap instead and can change without a new image.
 *
 * <pre>
 * entryClass: dev.flowsentry.deploy.JobLauncher
 * args: [--parameters-file, /opt/flowsentry/job/job.properties, --parallelism, "6"]
 * </pre>
 *
 * <p>The file is read as {@link JobParameters} ({@code name = value} lines); arguments after it
 * override its entries. {@code --main-class} names the job's main class (default {@value
 * #DEFAULT_MAIN_CLASS}); both must be on the class path (put flowsentry-deploy.jar beside
 * detection-job.jar in {@code /opt/flink/usrlib}).
 */
public final class JobLauncher {

    /**
     * The detection job's entry point (the main class of its jar, which starts {@code
     * DetectionJob}).
     */
    public static final String DEFAULT_MAIN_CLASS = "dev.flowsentry.detection.JobMain";

    private JobLauncher() {}

    public static void main(String[] arguments) throws Exception {
        Path parametersFile = null;
        String mainClass = DEFAULT_MAIN_CLASS;
        List<String> overrides = new ArrayList<>();
        for (int index = 0; index < arguments.length; index++) {
            switch (arguments[index]) {
                case "--parameters-file" -> parametersFile = Path.of(value(arguments, ++index));
                case "--main-class" -> mainClass = value(arguments, ++index);
                default -> overrides.add(arguments[index]);
            }
        }
        JobParameters parameters =
                parametersFile == null ? JobParameters.none() : JobParameters.read(parametersFile);
        invokeMain(mainClass, parameters.programArguments(overrides));
    }

    private static void invokeMain(String mainClass, List<String> arguments) throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Method main = Class.forName(mainClass, true, loader).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) arguments.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String value(String[] arguments, int index) {
        if (index >= arguments.length) {
            throw new IllegalArgumentException(arguments[index - 1] + " needs a value");
        }
        return arguments[index];
    }
}
