// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// OpenZeppelin's TimelockController is deployed unchanged as the owner and admin of every Tributary
// contract (docs/roles.md). Importing it here makes forge emit its artifact, from which
// packages/contracts generates the ABI and bytecode the deploy uses.
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
