/** The Camel CLI's {@code camel} command, run from its jars: see docs/development.md, "The Camel CLI launcher". */
class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
