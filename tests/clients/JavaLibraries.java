// What Java programs built on HTTP libraries print when a VoIPbin call fails,
// captured for real (Debian's libokhttp-java and libhttpclient5-java; the
// classpath is in capture.sh).
//
// usage: java JavaLibraries STYLE METHOD URL
//   java-okhttp         OkHttp, as its recipes do: `throw new IOException("Unexpected code " + response)`,
//                       left uncaught: `Response{protocol=http/1.1, code=404, message=Not Found, url=…}`
//   java-apache-fluent  Apache HttpClient 5's fluent API, returnContent() throwing, uncaught:
//                       `HttpResponseException: status code: 404, reason phrase: Not Found`
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http.HttpMethod;

public class JavaLibraries {
    public static void main(String[] args) throws Exception {
        String style = args[0], method = args[1], url = args[2];
        switch (style) {
            case "java-okhttp": {
                RequestBody body = HttpMethod.requiresRequestBody(method) ? RequestBody.create(null, new byte[0]) : null;
                Request request = new Request.Builder().url(url).method(method, body).build();
                try (Response response = new OkHttpClient().newCall(request).execute()) {
                    if (!response.isSuccessful()) {
                        throw new IOException("Unexpected code " + response);
                    }
                    System.out.println(response.body().string());
                }
                break;
            }
            case "java-apache-fluent":
                System.out.println(org.apache.hc.client5.http.fluent.Request.create(method, url)
                        .execute().returnContent().asString());
                break;
            default:
                System.err.println("unknown style " + style);
                System.exit(2);
        }
    }
}
