package io.prodcat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code prodcat} on the command line: {@code train}, {@code predict} and {@code evaluate}. Results go to stdout as JSON,
 * progress to stderr. Bad input exits with status 2 and a one-line reason.
 */
@Command(
        name = "prodcat",
        mixinStandardHelpOptions = true,
        description = "Product categorisation: train a text classifier from CSV, predict with it.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class})
public final class ProdcatCli {

    static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        // progress lines go to stderr; stdout is kept for the JSON results
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "prodcat-cli-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ProdcatCli());
        // JSON with product names: UTF-8 whatever the platform charset (Java 17's default follows the locale)
        commandLine.setOut(new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true));
        commandLine.setErr(new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true));
        commandLine.setParameterExceptionHandler((error, args) -> {
            error.getCommandLine()
                    .getErr()
                    .println("prodcat: " + error.getMessage() + " (see: prodcat "
                            + error.getCommandLine().getCommandName() + " --help)");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            cmd.getErr().println("prodcat: " + BadInput.reason(error));
            return BadInput.isBadInput(error) ? BAD_INPUT : 1;
        });
        return commandLine;
    }
}
