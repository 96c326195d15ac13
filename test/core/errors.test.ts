import * as core from "stompkit/core";

describe("errors", () => {
  it("names every error class with a string that survives minification, and gives it a code", () => {
    const classes = Object.entries(core).filter(
      ([, value]) => typeof value === "function" && value.prototype instanceof Error,
    ) as [string, new (...args: never[]) => core.StompkitError][];
    expect(classes.length).toBeGreaterThan(15);
    for (const [exported, ErrorClass] of classes) {
      const frame = { headers: { message: "m" }, body: "" };
      const args = exported === "AuthError" || exported === "ServerError" ? [frame] : ["x", frame];
      const built = Reflect.construct(ErrorClass, args) as core.StompkitError;
      expect(built.name).toBe(exported);
      expect(built).toBeInstanceOf(core.StompkitError);
      expect(typeof built.code).toBe("string");
    }
  });
});
