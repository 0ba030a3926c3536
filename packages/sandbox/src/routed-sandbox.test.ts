import { describe, expect, it } from "vitest";
import { usesScientificLibraries } from "./routed-sandbox";

describe("usesScientificLibraries", () => {
  it.each([
    ["import numpy as np", true],
    ["from matplotlib import pyplot", true],
    ["import pylab", true],
    ["from mpl_toolkits.mplot3d import Axes3D", true],
    ["x = 'pandas'", true],
    ["print(sum(range(10)))", false],
    ["numpyish = 1", false],
    ["import nump", false],
  ])("%s → %s", (code, expected) => expect(usesScientificLibraries(code)).toBe(expected));
});
