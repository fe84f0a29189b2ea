// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @dev Turns a call's execution gas (what `vm.snapshotGasLastCall` records) into what the same call
///      costs as its own transaction, so tests can hold the product's gas bars, which include the base.
library GasMath {
    uint256 internal constant TX_BASE_GAS = 21_000;

    /// @dev EIP-2028 calldata pricing: 4 gas per zero byte, 16 per non-zero byte.
    function calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }

    function txGas(uint256 executionGas, bytes memory data) internal pure returns (uint256) {
        return executionGas + TX_BASE_GAS + calldataGas(data);
    }
}
