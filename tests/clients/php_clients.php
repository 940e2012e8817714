<?php
// What PHP programs print when a VoIPbin call fails, captured for real.
//
// usage: php php_clients.php STYLE METHOD URL
//   php-guzzle             Guzzle (Debian's php-guzzlehttp-guzzle), its
//                          ClientException/ServerException left uncaught:
//                          "Client error: `POST URL` resulted in a `404 Not Found` response: {…(truncated)"
//   php-file-get-contents  file_get_contents() on the URL: PHP's warning
//                          "failed to open stream: HTTP request failed! HTTP/1.1 404 Not Found"
//   php-symfony            Symfony HttpClient (Debian's php-symfony-http-client),
//                          getContent() throwing, uncaught:
//                          'HTTP/1.1 404 Not Found returned for "URL".'
[, $style, $method, $url] = $argv;

switch ($style) {
    case 'php-guzzle':
        require_once 'GuzzleHttp/autoload.php';
        $client = new GuzzleHttp\Client();
        $response = $client->request($method, $url);
        echo $response->getBody(), "\n";
        break;
    case 'php-file-get-contents':
        $context = stream_context_create(['http' => ['method' => $method]]);
        $body = file_get_contents($url, false, $context);
        if ($body === false) {
            exit(1);
        }
        echo $body, "\n";
        break;
    case 'php-symfony':
        require_once 'Symfony/Component/HttpClient/autoload.php';
        $client = Symfony\Component\HttpClient\HttpClient::create();
        echo $client->request($method, $url)->getContent(), "\n";
        break;
    default:
        fwrite(STDERR, "unknown style $style\n");
        exit(2);
}
