import java.io.File;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Parses a JUnit XML report with the JDK's XML parser (so "valid XML" is a real parser's verdict, not
 * a regular expression's) and prints "<testcases> <failing testcases>". A malformed file throws: exit 1.
 */
public class XmlWellFormed {
  public static void main(String[] args) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    NodeList cases = factory.newDocumentBuilder().parse(new File(args[0])).getElementsByTagName("testcase");
    int failing = 0;
    for (int i = 0; i < cases.getLength(); i++) {
      if (((Element) cases.item(i)).getElementsByTagName("failure").getLength() > 0) failing++;
    }
    System.out.println(cases.getLength() + " " + failing);
  }
}
