// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IRateConsumer} from "../../../src/shared/interfaces/IRateConsumer.sol";

/// @dev A consumer with a bug: every push reverts.
contract RevertingConsumer is IRateConsumer {
    error Broken();

    function onRateUpdate(uint256, uint64) external pure {
        revert Broken();
    }
}

/// @dev A consumer that burns all the gas it is given.
contract GasBurningConsumer is IRateConsumer {
    function onRateUpdate(uint256, uint64) external pure {
        while (true) {}
    }
}
