# What Ruby programs print when a VoIPbin call fails, captured for real.
#
# usage: ruby ruby_clients.rb STYLE METHOD URL
#   ruby-net-http  Net::HTTP, then response.value left uncaught:
#                  `404 "Not Found" (Net::HTTPClientException)` (Net::HTTPFatalError for 5xx)
#   ruby-faraday   Faraday with the raise_error middleware, its error left uncaught:
#                  `the server responded with status 404 (Faraday::ResourceNotFound)`
#   ruby-httparty  HTTParty, which raises nothing: `p response` (its inspect: the
#                  parsed body, `#<Net::HTTPNotFound 404 Not Found readbody=true>`, the headers)
#   ruby-rest-client  RestClient, its exception left uncaught: `404 Not Found (RestClient::NotFound)`
#   ruby-excon     Excon with `expects: [200]`, its error left uncaught: `Expected([200]) <=>
#                  Actual(404 Not Found) (Excon::Error::NotFound)`
require "net/http"
require "uri"

style, method, url = ARGV
uri = URI(url)

case style
when "ruby-net-http"
  http = Net::HTTP.new(uri.host, uri.port)
  request = Net::HTTPGenericRequest.new(method, false, true, uri.request_uri)
  response = http.request(request)
  response.value
  puts response.body
when "ruby-faraday"
  require "faraday"
  connection = Faraday.new do |f|
    f.response :raise_error
  end
  response = connection.run_request(method.downcase.to_sym, url, nil, nil)
  puts response.body
when "ruby-httparty"
  require "httparty"
  p HTTParty.send(method.downcase.to_sym, url)
when "ruby-rest-client"
  require "rest-client"
  puts RestClient::Request.execute(method: method.downcase.to_sym, url: url)
when "ruby-excon"
  require "excon"
  puts Excon.new(url).request(method: method, expects: [200]).body
else
  abort "unknown style #{style}"
end
