package dev.flowsentry.detection;

import dev.flowsentry.detection.config.ParameterCatalog;

/**
 * The fat jar's entry point. It answers {@code --help} without Flink, so that {@code java -jar
 * detection-job.jar --help} works although the jar leaves Flink out (Flink is the cluster's), and
 * says what to do instead of failing with {@code NoClassDefFoundError} when the jar is started with
 * {@code java -jar} to run. Everything else is {@link DetectionJob}'s: this class refers to no
 * Flink type, and {@code DetectionJob} is loaded only once Flink is known to be there.
 */
public final class JobMain {

    /** A class every Flink runtime has: the one the job's environment comes from. */
    static final String FLINK_PROBE_CLASS =
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";

    private JobMain() {}

    public static void main(String[] arguments) throws Exception {
        if (wantsHelp(arguments)) {
            System.out.println(ParameterCatalog.help());
            return;
        }
        if (!flinkPresent()) {
            System.err.println(
                    "detection-job: Flink is not on the class path. Submit the jar to a Flink"
                            + " 2.x cluster (flink run detection-job.jar ..., or the REST API), or"
                            + " run it on an embedded Flink with --local (see"
                            + " detection-job/README.md, 'Running it').");
            System.exit(2);
        }
        DetectionJob.main(arguments);
    }

    static boolean wantsHelp(String[] arguments) {
        for (String argument : arguments) {
            if (argument.equals("--help") || argument.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static boolean flinkPresent() {
        try {
            Class.forName(FLINK_PROBE_CLASS, false, JobMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
