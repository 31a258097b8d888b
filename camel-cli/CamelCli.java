/** The Camel CLI's {@code camel} command, run from its jars: see README.md, "Run with the Camel CLI". */
class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
