import { Testing } from "cdktf";
import { CorsoStack } from "../../lib/app/corso-stack";
import { addressOf, SynthesizedStack } from "../support/synth";

function synthStack(): { text: string; json: SynthesizedStack } {
  const stack = new CorsoStack(Testing.app(), "corso");
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) };
}

describe("CorsoStack", () => {
  const { text, json } = synthStack();

  it("outputs the three variables Corso reads, the secret marked sensitive", () => {
    const app = addressOf(json, "azuread_application");
    const caller = addressOf(json, "azuread_client_config", "data");
    expect(json.output).toEqual({
      AZURE_CLIENT_ID: expect.objectContaining({ value: `\${${app}.client_id}` }),
      AZURE_TENANT_ID: expect.objectContaining({ value: `\${${caller}.tenant_id}` }),
      AZURE_CLIENT_SECRET: expect.objectContaining({
        value: expect.stringMatching(
          /\? azuread_application_password\.\w+\.value : azuread_application_password\.\w+\.value\}$/,
        ),
        sensitive: true,
      }),
      client_secret_end_date: expect.objectContaining({ value: expect.stringContaining("timeadd(time_rotating.") }),
      client_secret_schedule: expect.objectContaining({ value: expect.any(Object) }),
    });
    expect(json.output?.AZURE_CLIENT_ID.sensitive).toBeUndefined();
  });

  it("outputs the secret schedule corso-status reads: each slot's end date and next rotation, no secret", () => {
    const [a, b] = Object.keys(json.resource.time_rotating);
    const schedule = json.output?.client_secret_schedule as unknown as { value: unknown; sensitive?: boolean };
    expect(schedule.value).toEqual({
      rotation_days: 90,
      lifetime_days: 180,
      slots: [
        {
          slot: "A",
          end_date: `\${timeadd(time_rotating.${a}.id, "4320h")}`,
          next_rotation: `\${time_rotating.${a}.rotation_rfc3339}`,
        },
        {
          slot: "B",
          end_date: `\${timeadd(time_rotating.${b}.id, "4320h")}`,
          next_rotation: `\${time_rotating.${b}.rotation_rfc3339}`,
        },
      ],
    });
    expect(schedule.sensitive).toBeUndefined();
    expect(JSON.stringify(schedule)).not.toContain("azuread_application_password");
  });

  it("configures the azuread and time providers without credentials", () => {
    expect(json.provider.azuread).toEqual([{}]);
    expect(json.provider.time).toEqual([{}]);
    expect(text).not.toMatch(/client_secret"|client_certificate|oidc_token|use_cli/);
  });

  it("holds no secret value: passwords are only ever referenced, from the sensitive output", () => {
    for (const password of Object.values(json.resource.azuread_application_password)) {
      expect(Object.keys(password).sort()).toEqual([
        "application_id",
        "display_name",
        "end_date",
        "rotate_when_changed",
      ]);
    }
    expect(text.match(/azuread_application_password\.\w+\.value/g)).toHaveLength(2);
    expect(JSON.stringify(json.output?.AZURE_CLIENT_SECRET)).toMatch(/azuread_application_password\.\w+\.value/);
  });

  it("synthesizes byte-identical JSON every time", () => {
    expect(synthStack().text).toBe(text);
  });

  it("uses the given tenant for the provider", () => {
    const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const stack = new CorsoStack(Testing.app(), "corso", { tenantId });
    expect(JSON.parse(Testing.synth(stack)).provider.azuread).toEqual([{ tenant_id: tenantId }]);
  });
});
