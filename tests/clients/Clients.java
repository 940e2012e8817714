// What Java programs print when a VoIPbin call fails, captured for real.
//
// usage: java Clients.java STYLE METHOD URL   (Java 11+, java.net.http only)
//
//   java-throw    the status and body in an exception left uncaught:
//                 `Exception in thread "main" java.io.IOException: VoIPbin POST URL failed: HTTP 404: {…}`
//   java-println  System.out.println(response) then the body: HttpResponse's own
//                 toString, `(POST URL) 404`
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Clients {
    public static void main(String[] args) throws Exception {
        String style = args[0], method = args[1], url = args[2];
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        switch (style) {
            case "java-throw":
                if (response.statusCode() >= 400) {
                    throw new IOException("VoIPbin " + method + " " + url + " failed: HTTP "
                            + response.statusCode() + ": " + response.body());
                }
                break;
            case "java-println":
                System.out.println(response);
                System.out.println(response.body());
                break;
            default:
                System.err.println("unknown style " + style);
                System.exit(2);
        }
    }
}
