"""The follower on small listen handlers written the ways the managers write
them: what it reads, and that it refuses what it cannot read.

Run: python3 -m unittest discover -s scripts/indexserver (scripts/test does)."""
import sys
import unittest

sys.dont_write_bytecode = True

from follow import Code  # noqa: E402
from managers import BlindSpot, Managers  # noqa: E402

REQUESTS = "bin-common-handler/pkg/requesthandler/"
SEND = """package requesthandler

func (r *requestHandler) sendRequestThing(ctx context.Context, uri string, method sock.RequestMethod) (*sock.Response, error) {
	return r.sendRequest(ctx, commonoutline.QueueNameThingRequest, uri, method)
}

func (r *requestHandler) ThingV1ThingGet(ctx context.Context, id uuid.UUID) (*thing.Thing, error) {
	uri := fmt.Sprintf("/v1/things/%s", id)
	tmp, err := r.sendRequestThing(ctx, uri, sock.RequestMethodGet)
	if err != nil {
		return nil, err
	}
	var res thing.Thing
	if errParse := parseResponse(tmp, &res); errParse != nil {
		return nil, errParse
	}
	return &res, nil
}
"""

MAIN = """package listenhandler

var (
	regUUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" //nolint:deadcode,unused,varcheck // this is ok

	regV1ThingsID = regexp.MustCompile("/v1/things/" + regUUID + "$")
)

func (h *listenHandler) processRequest(m *commonsock.Request) (*commonsock.Response, error) {
	var err error
	var response *commonsock.Response
	switch {
	case regV1ThingsID.MatchString(m.URI) && m.Method == commonsock.RequestMethodGet:
		response, err = h.v1ThingsIDGet(ctx, *m)
%(extra)s
	default:
		response = simpleResponse(404)
		err = nil
	}

	if err != nil {
%(dispatch)s
	}

	return response, err
}
"""

ALWAYS_400 = """		response = simpleResponse(400)
		err = nil"""

TYPED_ELSE_400 = """		var ve *cerrors.VoipbinError
		switch {
		case stderrors.As(err, &ve):
			response = errorResponse(err)
		case stderrors.Is(err, dbhandler.ErrNotFound):
			response = errorResponse(err)
		default:
			response = simpleResponse(400)
		}
		err = nil"""

LISTENER = """package listenhandler

type listenHandler struct {
	thingHandler thinghandler.ThingHandler
}

func (h *listenHandler) v1ThingsIDGet(ctx context.Context, m commonsock.Request) (*commonsock.Response, error) {
	uriItems := strings.Split(m.URI, "/")
	id := uuid.FromStringOrNil(uriItems[3])

	res, err := h.thingHandler.Get(ctx, id)
	if err != nil {
		return nil, errors.Wrap(err, "could not get the thing") // the dispatcher decides
	}
	return jsonResponse(200, res), nil
}
"""

LISTENER_IMPORTS = """import (
	"monorepo/bin-thing-manager/pkg/thinghandler"
)
"""

BUSINESS = """package thinghandler

type thingHandler struct {
	db dbhandler.DBHandler
}

func (h *thingHandler) Get(ctx context.Context, id uuid.UUID) (*thing.Thing, error) {
	res, err := h.db.ThingGet(ctx, id)
	if err != nil {
		if stderrors.Is(err, dbhandler.ErrNotFound) {
			return nil, cerrors.NotFound(
				commonoutline.ServiceNameThingManager,
				"THING_NOT_FOUND",
				"The thing was not found.",
			).Wrap(err)
		}
		return nil, errors.Wrap(err, "could not get the thing")
	}
	return res, nil
}
"""

BUSINESS_IMPORTS = """import (
	"monorepo/bin-thing-manager/pkg/dbhandler"
)
"""

CONSTRUCTED = [{"reason": "THING_NOT_FOUND", "status": "NOT_FOUND", "http": 404,
                "file": "bin-thing-manager/pkg/thinghandler/thing.go", "line": 13}]


def managers(extra="", dispatch=ALWAYS_400, listener=LISTENER):
    files = {
        REQUESTS + "send_request.go": SEND,
        "bin-thing-manager/pkg/listenhandler/main.go": MAIN % {"extra": extra, "dispatch": dispatch},
        "bin-thing-manager/pkg/listenhandler/v1_things.go": listener.replace("package listenhandler\n", "package listenhandler\n" + LISTENER_IMPORTS),
        "bin-thing-manager/pkg/thinghandler/thing.go": BUSINESS.replace("package thinghandler\n", "package thinghandler\n" + BUSINESS_IMPORTS),
    }
    # The constructor's line, as constructors() finds it.
    thing = files["bin-thing-manager/pkg/thinghandler/thing.go"]
    CONSTRUCTED[0]["line"] = thing[: thing.index("cerrors.NotFound(")].count("\n") + 1
    code = Code(files.__getitem__, lambda prefix: sorted(p for p in files if p.startswith(prefix)), CONSTRUCTED)
    return Managers(code, ["bin-common-handler", "bin-thing-manager"])


class ListenHandlers(unittest.TestCase):
    def test_a_pattern_after_a_nolint_constant_and_a_commonsock_case_are_read(self):
        found = managers().cases("bin-thing-manager")
        self.assertEqual([(c.method, c.listener.name) for c in found], [("GET", "v1ThingsIDGet")])
        self.assertTrue(found[0].pattern.search("/v1/things/00000000-0000-0000-0000-000000000000"))

    def test_an_error_a_case_returns_goes_through_the_dispatcher(self):
        # `return nil, err` is no typed pass-through where processRequest
        # answers every error with a bare 400.
        result, _, _ = managers().request_load("ThingV1ThingGet", 1)
        self.assertEqual((result["kind"], result["name"]), ("sentinel", "requesthandler.ErrBadRequest"))
        self.assertEqual([c["reason"] for c in result["lost"]], ["THING_NOT_FOUND"])
        # Where it passes typed errors on, the reason reaches the API.
        result, _, _ = managers(dispatch=TYPED_ELSE_400).request_load("ThingV1ThingGet", 1)
        self.assertEqual((result["kind"], result["c"]["reason"]), ("typed", "THING_NOT_FOUND"))

    def test_a_listener_that_answers_a_bare_status_swallows_the_reason(self):
        bare = LISTENER.replace('return nil, errors.Wrap(err, "could not get the thing") // the dispatcher decides',
                                "return simpleResponse(404), nil")
        result, _, _ = managers(dispatch=TYPED_ELSE_400, listener=bare).request_load("ThingV1ThingGet", 1)
        self.assertEqual((result["kind"], result["name"]), ("sentinel", "requesthandler.ErrNotFound"))

    def test_a_case_it_cannot_read_fails_the_run(self):
        for extra in (
            # A pattern that is not compiled where the index looks.
            "\tcase regV1Unknown.MatchString(m.URI) && m.Method == commonsock.RequestMethodPost:\n\t\tresponse, err = h.v1ThingsIDGet(ctx, m)",
            # A case whose function is nowhere.
            "\tcase regV1ThingsID.MatchString(m.URI) && m.Method == commonsock.RequestMethodPut:\n\t\tresponse, err = h.v1Missing(ctx, m)",
            # A case of another shape.
            "\tcase strings.HasPrefix(m.URI, \"/v1/x\") && m.Method == commonsock.RequestMethodPut:\n\t\tresponse, err = h.v1ThingsIDGet(ctx, m)",
        ):
            with self.subTest(extra=extra), self.assertRaises(BlindSpot) as raised:
                managers(extra=extra).cases("bin-thing-manager")
            self.assertIn("bin-thing-manager/pkg/listenhandler/main.go:15", str(raised.exception))

    def test_error_handling_it_cannot_read_fails_the_run(self):
        with self.assertRaises(BlindSpot) as raised:
            managers(dispatch="\t\tresponse = handle(err)").dispatch("bin-thing-manager")
        self.assertIn("bin-thing-manager: processRequest's error handling", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
